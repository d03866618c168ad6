// Chinese word segmentation for the embedded engine. Documents and queries go
// through the same function so that a word segmented in a query is the same token
// in the index. jieba's search mode also emits the sub-words of a compound
// (数字化 → 数字, 数字化), which is what makes words inside compounds findable.
// The choice against Intl.Segmenter was measured: docs/decisions/006-chinese-segmentation.md.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Jieba } from "@node-rs/jieba";

const require = createRequire(import.meta.url);

/** Domain compounds kept whole (their sub-words are still emitted in search mode). */
export const DOMAIN_TERMS = [
  "外贸转型升级基地",
  "转型升级基地",
  "跨境电商",
  "数字化转型",
  "公共服务平台",
  "产业集群",
  "品牌建设",
  "标准认证",
  "海外仓",
  "市场采购贸易",
  "外贸综合服务",
  "专精特新",
];

let jieba: Jieba | undefined;
const extraTerms = new Set<string>();
let termsVersion = 0;

/** Terms added to the dictionary so far, and a counter that changes when they do (worker threads load the same). */
export function dictionaryTerms(): { terms: string[]; version: number } {
  return { terms: [...extraTerms], version: termsVersion };
}

/**
 * jieba's own dictionary file. Not `@node-rs/jieba/dict.js`: that module reads its
 * 5 MB dictionary and a 6 MB IDF table (unused here) into buffers it keeps for the
 * life of the process; read here, the buffer is garbage once jieba has built from it.
 */
export function jiebaDictPath(): string {
  return path.join(path.dirname(require.resolve("@node-rs/jieba/package.json")), "dict.txt");
}

/**
 * Words of jieba's dictionary below this frequency are left out (ADR 078), except those inside
 * an added term (电商 in 跨境电商, 专精 in 专精特新: the domain's words are rare in jieba's
 * corpus): ~105,000 of its 349,045 words remain, and a loaded dictionary holds ~19 MiB less
 * (32 → 13 MiB resident: the largest part of a server's memory after V8's heap and the node
 * binary). A rare word is cut into the common words it is made of, in texts and queries alike.
 * Changing this changes the index's cut: SEGMENTER below changes with it.
 */
export const MIN_WORD_FREQUENCY = 10;

/**
 * The segmenter an index was written with (jieba's dictionary and its filter). The engines
 * keep it with their index: the embedded one rebuilds an index written by another, the
 * PostgreSQL one reports it (sqlite-fts.server.ts, postgres.server.ts).
 */
export const SEGMENTER = `jieba-f${MIN_WORD_FREQUENCY}`;

/**
 * jieba's dictionary as this process loads it: the words of MIN_WORD_FREQUENCY or more and
 * those inside the terms added so far. The worker threads get the same buffer.
 */
export function jiebaDictionary(): Buffer {
  return dictionaryLines(fs.readFileSync(jiebaDictPath()), MIN_WORD_FREQUENCY, wordsInside(extraTerms));
}

/** Every piece of two or more characters of the terms: the dictionary words kept whatever their frequency. */
export function wordsInside(terms: Iterable<string>): Set<string> {
  const pieces = new Set<string>();
  for (const term of terms) {
    const chars = [...term];
    for (let i = 0; i < chars.length; i++)
      for (let j = i + 2; j <= chars.length; j++) pieces.add(chars.slice(i, j).join(""));
  }
  return pieces;
}

/**
 * The lines of a jieba dictionary (`word frequency tag`, a word holds no space) whose frequency
 * is at least `min` or whose word is in `keep`. Filtered as bytes: as strings, the 349,045
 * lines left ~55–69 MiB of garbage and V8 heap growth behind (session 10); a rare line's word
 * is decoded only when its first character begins a word of `keep`. ~50–70 ms for the 5 MB file,
 * and jieba then builds from a third of the words: the load takes ~120 ms instead of ~490.
 */
export function dictionaryLines(dict: Buffer, min: number, keep: ReadonlySet<string>): Buffer {
  // The first character (3 bytes of UTF-8) of the kept words, as a number: no string per line.
  const firsts = new Set(
    [...keep].map((w) => Buffer.from(w)).map((b) => (b[0]! << 16) | ((b[1] ?? 0) << 8) | (b[2] ?? 0)),
  );
  const out = Buffer.allocUnsafe(dict.length);
  let length = 0;
  let start = 0;
  while (start < dict.length) {
    // One pass over the line in plain JavaScript (per-line Buffer calls made this ~50× slower).
    let space = start;
    while (space < dict.length && dict[space] !== 32 && dict[space] !== 10) space++;
    let end = space;
    let frequency = 0;
    if (dict[end] === 32) {
      end++;
      while (end < dict.length && dict[end]! >= 48 && dict[end]! <= 57) frequency = frequency * 10 + dict[end++]! - 48;
    }
    while (end < dict.length && dict[end] !== 10) end++;
    if (end < dict.length) end++; // the newline
    const kept =
      frequency >= min ||
      (space - start >= 6 &&
        firsts.has((dict[start]! << 16) | (dict[start + 1]! << 8) | dict[start + 2]!) &&
        keep.has(dict.toString("utf8", start, space)));
    if (kept) for (let k = start; k < end; k++) out[length++] = dict[k]!;
    start = end;
  }
  return out.subarray(0, length);
}

let dictionaryMixed: Set<string> | undefined;
let mixed: { version: number; words: string[] } | undefined;

/** The folded pieces of a word that begin with a letter or digit and hold Chinese. */
function addMixedPieces(word: string, into: Set<string>) {
  for (const piece of fold(word).split(/[^\p{L}\p{N}]+/u))
    if (piece && !HAN.test(piece[0]!) && HAN.test(piece)) into.add(piece);
}

/**
 * The index words that begin with a letter or digit and hold Chinese ("4s店"), folded: only a
 * dictionary word (jieba's, or an added term) cuts out such a token, since jieba emits Latin
 * and digit runs apart from Chinese otherwise. The typo vocabulary holds no such word, so a
 * query prefix that could begin one must be matched as a prefix (postgres.server.ts). Every
 * word of jieba's file whatever its frequency (a superset of any filter's), read once per
 * process; the added terms joined again when they change.
 */
export function mixedWords(): string[] {
  if (mixed?.version === termsVersion) return mixed.words;
  if (!dictionaryMixed) {
    dictionaryMixed = new Set<string>();
    const dict = fs.readFileSync(jiebaDictPath());
    let start = 0;
    while (start < dict.length) {
      let end = dict.indexOf(10, start);
      if (end < 0) end = dict.length;
      const c = dict[start]!;
      // Folded text holds ASCII letters and digits, not full-width ones: only an ASCII-led word matches it.
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        const space = dict.indexOf(32, start);
        addMixedPieces(dict.toString("utf8", start, space >= 0 && space < end ? space : end), dictionaryMixed);
      }
      start = end + 1;
    }
  }
  const found = new Set(dictionaryMixed);
  for (const t of extraTerms) addMixedPieces(t, found);
  mixed = { version: termsVersion, words: [...found] };
  return mixed.words;
}

/** True once this thread has loaded the dictionary (nothing is loaded before the first segmentation). */
export function segmenterLoaded(): boolean {
  return jieba !== undefined;
}

function instance(): Jieba {
  if (!jieba) {
    // The native module and its dictionary load on the first segmentation (~120 ms, +13 MiB
    // resident in jieba's allocator), not with this module: a server that nobody searches, and no write has
    // reached the index of, never needs them.
    const { Jieba: JiebaClass } = require("@node-rs/jieba") as { Jieba: typeof Jieba };
    const loaded = JiebaClass.withDict(jiebaDictionary());
    loaded.loadDict(Buffer.from(dictLines([...extraTerms])));
    jieba = loaded;
  }
  return jieba;
}

/**
 * Add whole-word terms to the dictionary (idempotent). Changing terms later needs a
 * reindex to apply to old text. Before the dictionary is loaded they are only noted:
 * loading it adds them all.
 */
export function addTerms(terms: readonly string[]): void {
  const fresh = terms.filter((t) => t.trim() && !extraTerms.has(t));
  if (fresh.length === 0) return;
  for (const t of fresh) extraTerms.add(t);
  termsVersion++;
  if (!jieba) return;
  // The rare dictionary words inside the new terms, as jiebaDictionary() would have kept them
  // had the terms been there at load (a new worker pool loads that): then the terms themselves.
  const inside = new Set([...wordsInside(fresh)].filter((w) => !extraTerms.has(w)));
  jieba.loadDict(dictionaryLines(fs.readFileSync(jiebaDictPath()), Infinity, inside));
  jieba.loadDict(Buffer.from(dictLines(fresh)));
}

addTerms(DOMAIN_TERMS);

/** Dictionary lines for jieba: a high frequency so it prefers the whole term over its parts. */
export function dictLines(terms: readonly string[]): string {
  return terms.map((t) => `${t} 50000 n`).join("\n") + "\n";
}

export const HAN = /\p{Script=Han}/u;
const HAN_RUN_OR_WORD = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+)/gu;

/** Case- and width-folding used on both sides (FTS5's unicode61 folds case and diacritics itself). */
export function fold(s: string): string {
  // NFKC only matters for full-width/compatibility letters and digits; skipping it
  // for ordinary text saves time on long documents (CJK punctuation needs no folding).
  // Self-contained (no references outside its body): worker threads run its source text.
  return (
    /[\u00aa-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u3200-\u33ff\ufb00-\ufb4f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc]/.test(
      s,
    )
      ? s.normalize("NFKC")
      : s
  ).toLowerCase();
}

/** Remove diacritics, the way unicode61 `remove_diacritics 2` does for Latin letters. */
export function stripDiacritics(s: string): string {
  return s.normalize("NFD").replace(/\p{M}+/gu, "");
}

/** Words of a Chinese run in search mode (sub-words of compounds included). */
export function cutHan(run: string): string[] {
  return instance()
    .cutForSearch(run, true)
    .filter((t) => HAN.test(t));
}

/** Words of a Chinese run in jieba's default mode (no sub-words): where a query's words begin and end. */
export function cutWords(run: string): string[] {
  return instance().cut(run, true);
}

/**
 * jieba's default cut without HMM, the one slugs spell (app/models/slug.server.ts). Slugs use
 * this thread's instance: a second one built from jieba's stock dictionary held another
 * ~55 MiB (and an unused 6 MB IDF table) for the life of the process (issue 15.4).
 */
export function cutPlain(text: string): string[] {
  return instance().cut(text, false);
}

/** Every dictionary word found in `text` (jieba's full mode), overlapping. */
export function dictionaryWordsIn(text: string): string[] {
  return instance().cutAll(text);
}

/** True for a term added to the dictionary here (the domain terms, the search schema's dictionary). */
export function isAddedTerm(word: string): boolean {
  return extraTerms.has(word);
}

/**
 * Text as the index stores it for matching: tokens separated by spaces.
 * Text without Chinese is returned as is (the FTS5 tokenizer splits Latin words).
 */
export function segmentForIndex(text: string): string {
  return segmentChunk(cutForIndex, fold, [[text]]).texts[0]![0]!;
}

/** The cut of index text (jieba's search mode, HMM on): what segmentChunk is given on this thread. */
export const cutForIndex = (text: string): string[] => instance().cutForSearch(text, true);

/** Documents' searchable fields as the index stores them, and how many documents hold each word. */
export interface SegmentedChunk {
  /** Per document, per field: tokens separated by spaces. */
  texts: string[][];
  /** Word (2+ letters or digits) → number of the chunk's documents containing it. */
  df: Map<string, number>;
}

/**
 * Segments a chunk of documents (each an array of field texts) for the index and
 * counts its words' document frequencies in the same pass.
 *
 * Self-contained on purpose: it references nothing outside its body (the cutter and
 * `fold` are parameters), because the segmentation worker threads
 * (segment-pool.server.ts) run this function's own source text, so the index cut
 * is the same code whichever thread does it. Keep it that way: no imports, no
 * module-level helpers, no inner named functions.
 */
export function segmentChunk(
  cut: (text: string) => string[],
  foldText: (text: string) => string,
  docs: string[][],
): SegmentedChunk {
  const han = /\p{Script=Han}/u;
  const nonWord = /[^\p{L}\p{N}]+/u;
  const texts: string[][] = [];
  const df = new Map<string, number>();
  for (const fields of docs) {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const raw of fields) {
      if (!raw) {
        out.push("");
        continue;
      }
      const folded = foldText(raw);
      if (!han.test(folded)) {
        // Text without Chinese is stored as is: FTS5's tokenizer splits Latin words.
        out.push(folded);
        for (const w of folded.split(nonWord)) if (w.length >= 2) seen.add(w);
        continue;
      }
      const tokens = cut(folded);
      out.push(tokens.join(" "));
      // The words of the joined text, without splitting it again: a token of common
      // Chinese characters only is one word; anything else is split as the text would be.
      for (const t of tokens) {
        if (t.length < 2) continue;
        let plain = true;
        for (let k = 0; k < t.length && plain; k++) {
          const c = t.charCodeAt(k);
          plain = c >= 0x4e00 && c <= 0x9fff;
        }
        if (plain) seen.add(t);
        else for (const w of t.split(nonWord)) if (w.length >= 2) seen.add(w);
      }
    }
    texts.push(out);
    for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return { texts, df };
}

/** segmentChunk on this thread (small writes, or when no worker thread can run). */
export function segmentChunkInline(docs: string[][]): SegmentedChunk {
  return segmentChunk(cutForIndex, fold, docs);
}

export type QueryPart = { kind: "han"; raw: string; tokens: string[] } | { kind: "word"; raw: string; token: string };

/** Split a query into Chinese runs (segmented) and other words, in order. */
export function segmentQuery(q: string): QueryPart[] {
  const parts: QueryPart[] = [];
  const folded = fold(q);
  for (const m of folded.matchAll(HAN_RUN_OR_WORD)) {
    if (m[1]) {
      const tokens = finestTokens(dedupeKeepOrder(cutHan(m[1])));
      if (tokens.length) parts.push({ kind: "han", raw: m[1], tokens });
    } else if (m[2]) {
      parts.push({ kind: "word", raw: m[2], token: stripDiacritics(m[2]) });
    }
  }
  return parts;
}

/**
 * Drop query words that the other words of the same cut tile exactly
 * (公共服务 = 公共 + 服务). A text may have kept only the finer words inside a
 * longer compound (公共服务平台 → 公共, 服务, 平台), and the finer words are
 * always emitted for a text as well, so requiring them keeps recall.
 */
export function finestTokens(tokens: string[]): string[] {
  const set = new Set(tokens);
  const tiled = (w: string): boolean => {
    const ok = new Array<boolean>(w.length + 1).fill(false);
    ok[0] = true;
    for (let i = 1; i <= w.length; i++) {
      for (let j = 0; j < i && !ok[i]; j++) {
        const piece = w.slice(j, i);
        if (ok[j] && piece !== w && set.has(piece)) ok[i] = true;
      }
    }
    return ok[w.length]!;
  };
  const out = tokens.filter((t) => t.length < 3 || !tiled(t));
  return out.length ? out : tokens;
}

function dedupeKeepOrder(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Intl.Segmenter word segmentation, kept for the measurement in segment.test.ts. */
export function intlSegment(text: string): string[] {
  const seg = new Intl.Segmenter("zh", { granularity: "word" });
  return [...seg.segment(fold(text))].filter((s) => s.isWordLike).map((s) => s.segment);
}
