// Readable slugs. Chinese titles are cut into words (jieba) and each word is
// spelled in toneless pinyin, so 跨境电商品牌建设 becomes kuajing-dianshang-pinpai-jianshe.
import { cutPlain, dictionaryWordsIn, isAddedTerm } from "~/search/segment.ts";
import { pinyinSyllables } from "~/utils/pinyin.server.ts";

function words(text: string): string[] {
  if (!/[\u4e00-\u9fff]/.test(text)) return text.split(/[^\p{L}\p{N}]+/u);
  // The search's segmenter (one dictionary per process, ADR 058). It keeps the terms added
  // for search whole (跨境电商); a slug spells them in the parts jieba's stock dictionary
  // cuts them into, as slugs always have (kuajing-dianshang).
  return cutPlain(text).flatMap((word) => (isAddedTerm(word) ? dictionaryParts(word) : [word]));
}

/** An added term as the longest dictionary words inside it, from the left (else single characters). */
function dictionaryParts(term: string): string[] {
  const inside = new Set(dictionaryWordsIn(term).filter((w) => !isAddedTerm(w)));
  const parts: string[] = [];
  for (let i = 0; i < term.length;) {
    let n = term.length - i;
    while (n > 1 && !inside.has(term.slice(i, i + n))) n--;
    parts.push(term.slice(i, i + n));
    i += n;
  }
  return parts;
}

const MAX_LENGTH = 60;

export function slugify(title: string): string {
  const parts: string[] = [];
  for (const word of words(title.normalize("NFKC"))) {
    const spelled = /[\u4e00-\u9fff]/.test(word) ? pinyinSyllables(word, { nonZh: "removed" }).join("") : word;
    const clean = spelled
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    if (clean) parts.push(clean);
  }
  let slug = "";
  for (const part of parts) {
    const next = slug ? `${slug}-${part}` : part;
    if (next.length > MAX_LENGTH) break;
    slug = next;
  }
  return slug || "case";
}

/** Picks slug, slug-2, slug-3 … whichever `isTaken` says is free. */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await isTaken(base))) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}
