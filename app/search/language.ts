// Which language a text or a query is written in, by script: Han characters are
// Chinese ("zh"), Latin letters English ("en") — the two languages of the
// content. Used to rank documents in the query's language first (ADR 030).

const HAN_CHAR = /\p{Script=Han}/gu;
const LATIN_LETTER = /[A-Za-z\u00c0-\u024f]/g;

/**
 * A text's language from its letters. A Han character carries about a word, so
 * Chinese text with English acronyms and names (ERP, SaaS, Yiwu) stays Chinese and
 * English text quoting a Chinese name stays English. Empty or letterless text: null.
 */
export function detectTextLanguage(text: string): "zh" | "en" | null {
  const han = text.match(HAN_CHAR)?.length ?? 0;
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  if (han === 0 && latin === 0) return null;
  return han * 3 >= latin ? "zh" : "en";
}

/**
 * A query's language: "zh" when it has Chinese and no Latin word, "en" for Latin
 * words only, null for a mixed query (跨境电商 brand) or one without letters, which
 * then prefers no language.
 */
export function detectQueryLanguage(q: string): "zh" | "en" | null {
  const han = /\p{Script=Han}/u.test(q);
  const latin = /[A-Za-z\u00c0-\u024f]/.test(q);
  if (han && !latin) return "zh";
  if (latin && !han) return "en";
  return null;
}
