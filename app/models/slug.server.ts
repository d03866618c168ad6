// Readable slugs. Chinese titles are cut into words (jieba) and each word is
// spelled in toneless pinyin, so 跨境电商品牌建设 becomes kuajing-dianshang-pinpai-jianshe.
import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";

const require = createRequire(import.meta.url);
type Jieba = { cut(text: string, hmm?: boolean): string[] };
let jieba: Jieba | undefined;

function words(text: string): string[] {
  if (!/[\u4e00-\u9fff]/.test(text)) return text.split(/[^\p{L}\p{N}]+/u);
  if (!jieba) {
    // Loaded on first use (≈250 ms): only publishing and the importer need it.
    const { Jieba } = require("@node-rs/jieba") as { Jieba: { withDict(d: Uint8Array): Jieba } };
    const { dict } = require("@node-rs/jieba/dict") as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba.cut(text, false);
}

const MAX_LENGTH = 60;

export function slugify(title: string): string {
  const parts: string[] = [];
  for (const word of words(title.normalize("NFKC"))) {
    const spelled = /[\u4e00-\u9fff]/.test(word)
      ? pinyin(word, { toneType: "none", type: "array", nonZh: "removed" }).join("")
      : word;
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
