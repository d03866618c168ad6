// The PostgreSQL engine's index entries (tsvector literals) built from segmented fields.
// Bulk loads build them in the segmentation worker threads (segment-pool.server.ts), right
// after segmenting, instead of on the main thread: profiled at 10,000 cases (session 10)
// the main thread spent ~4 s of a 10 s load here while the workers idled half the time,
// and every batch's SQL round trips waited behind it (ADR 067).
//
// Self-contained on purpose, like segmentChunk: the worker threads run this function's own
// source text, so the entries do not depend on the thread. No imports, no module-level
// helpers, no inner named functions.

/** What a document's entries depend on besides its text (the engine's schema). */
export interface TsvectorOptions {
  /** Per searchable field: is it in the head tsvector (ranking reads it, ADR 055)? */
  inHead: boolean[];
  /** Multi-word synonyms by first word -> the words after it, each indexed as one lexeme. */
  phrases: Array<[string, string[][]]>;
}

export interface TsvectorEntry {
  /**
   * Every searchable field's lexemes with positions and weights, then the extra lexemes, in
   * tsvector's binary wire format (what `tsvectorrecv` reads): PostgreSQL parsing the text
   * form ('lexeme':1A,7A …) was most of the server's share of a bulk load (ADR 067).
   */
  tsv: Uint8Array;
  /** The same lexemes, positions and weights from the head fields only (no extras). */
  head: Uint8Array;
  /**
   * Latin words for the typo vocabulary: of documentEntries, those no earlier document of the
   * same call listed (the engine writes the union; repeating a word per document was most of
   * what the main thread received for English text).
   */
  latin: string[];
}

/** A distinct lexeme of a thread's memo, with this document's positions on it (see documentEntries). */
export interface MemoLexeme {
  lexeme: string;
  /** A Latin word for the typo vocabulary. */
  latin: boolean;
  /** UTF-8 bytes (made once per thread: encoding was a third of the old entry builder). */
  bytes: Uint8Array;
  /**
   * The lexeme's first three UTF-16 code units as one number (an absent one as 0: no lexeme holds
   * U+0000), so that sorting a document's lexemes compares numbers and only ties compare the
   * strings: string comparison went through V8's runtime (session 14's profile).
   */
  order: number;
  /** The document (memo serial) whose positions `list` holds; `headStamp`/`head` likewise for the head. */
  stamp: number;
  /** The last document that listed it as a Latin word. */
  latinStamp: number;
  list: number[];
  headStamp: number;
  head: number[];
}

/** Per thread, since texts repeat their words: each word's lexeme record, and character classes. */
export interface LexemeMemo {
  /** A word as the text spells it → its lexeme (café and cafe share one). */
  words: Map<string, MemoLexeme>;
  lexemes: Map<string, MemoLexeme>;
  /** Per UTF-16 code outside ASCII and common Chinese: 1 a word character, 2 not, 0 not known yet. */
  classes: Uint8Array;
  /** Counts documents: a lexeme's positions belong to the document whose serial it is stamped with. */
  serial: number;
}

/** An empty memo (one per thread). Self-contained: the worker threads run its source text. */
export function lexemeMemo(): LexemeMemo {
  return { words: new Map(), lexemes: new Map(), classes: new Uint8Array(65536), serial: 0 };
}

/**
 * Entries of documents whose fields are segmented as the index stores them (segmentChunk's
 * texts: tokens separated by non-word characters). Fields are weighted A, B, C, then D;
 * positions run on across fields with a gap of 100, so a phrase never spans two fields.
 * `extras[i]` are lexemes without positions for document i's tsv (bucket and facet
 * lexemes, ADR 059), never in its head.
 */
export function tsvectorEntries(
  texts: string[][],
  opts: TsvectorOptions,
  memo: LexemeMemo,
  extras?: string[][],
): TsvectorEntry[] {
  // Already segmented and folded: each field is one "token" whose words the scan splits.
  return documentEntries(
    (text) => [text],
    (text) => text,
    texts,
    opts,
    memo,
    extras,
  );
}

/**
 * Segments documents' fields (raw text) as segmentChunk does and builds their entries in the
 * same pass (ADR 075): the same entries as tsvectorEntries(segmentChunk(cut, fold, docs).texts),
 * without joining the tokens into a text and splitting it again, without segmentChunk's
 * document frequencies (the PostgreSQL engine has no use for them), and with each document's
 * positions kept on the thread's lexeme records instead of a map per document. The lexemes
 * come out sorted, so PostgreSQL does not sort them again (tsvectorrecv sorts only input out
 * of order).
 *
 * Self-contained on purpose, like segmentChunk: the worker threads run this function's own
 * source text. No imports, no module-level helpers, no inner named functions.
 */
export function documentEntries(
  cut: (text: string) => string[],
  foldText: (text: string) => string,
  docs: string[][],
  opts: TsvectorOptions,
  memo: LexemeMemo,
  extras?: string[][],
): TsvectorEntry[] {
  const han = /\p{Script=Han}/u;
  const wordChar = /^[\p{L}\p{N}]$/u;
  const marks = /\p{M}+/gu;
  const digits = /^\p{N}+$/u;
  const phrases = new Map(opts.phrases);
  const utf8 = new TextEncoder();
  // A lexeme's record, made once per thread (the Unicode tests and normalization per occurrence
  // were most of the work before memos, ADR 059).
  const lexemeRecord = (lexeme: string, latin: boolean) => {
    let rec = memo.lexemes.get(lexeme);
    if (!rec) {
      const order =
        (lexeme.charCodeAt(0) || 0) * 4294967296 + (lexeme.charCodeAt(1) || 0) * 65536 + (lexeme.charCodeAt(2) || 0);
      rec = {
        lexeme,
        latin,
        bytes: utf8.encode(lexeme),
        order,
        stamp: 0,
        latinStamp: 0,
        list: [],
        headStamp: 0,
        head: [],
      };
      memo.lexemes.set(lexeme, rec);
    }
    return rec;
  };
  const recordOf = (word: string) => {
    let rec = memo.words.get(word);
    if (!rec) {
      const isHan = han.test(word);
      const lexeme = isHan ? word : word.normalize("NFD").replace(marks, "");
      rec = lexemeRecord(lexeme, !isHan && lexeme.length >= 2 && !digits.test(lexeme));
      memo.words.set(word, rec);
    }
    return rec;
  };
  // PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383 (so a very long
  // text repeats the last one: kept once, as the text form's parser would).
  const add = (list: number[], at: number) => {
    if (list.length < 256 && list[list.length - 1] !== at) list.push(at);
  };
  const byLexeme = (a: MemoLexeme, b: MemoLexeme) => a.order - b.order || (a.lexeme < b.lexeme ? -1 : 1);
  // tsvector's binary form: lexeme count (int32), then per lexeme its UTF-8 bytes, a NUL, the
  // position count (int16) and each position (int16: weight in the top two bits, A = 3 … D = 0).
  // Positions must ascend, without repeats. Lexemes in JavaScript's string order, which is the
  // server's (UTF-8 bytes) but for characters above U+FFFF against U+E000–U+FFFF: the server
  // sorts such a rare vector itself.
  const encode = (recs: MemoLexeme[], head: boolean) => {
    let size = 4;
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i]!;
      size += r.bytes.length + 3 + 2 * (head ? r.head : r.list).length;
    }
    const out = new Uint8Array(size);
    out[0] = recs.length >>> 24;
    out[1] = (recs.length >>> 16) & 255;
    out[2] = (recs.length >>> 8) & 255;
    out[3] = recs.length & 255;
    let at = 4;
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i]!;
      // Byte by byte (most lexemes are a few bytes): set() per lexeme showed in a profile; no
      // difference either way in pg-entries.ts (session-12 note).
      const b = r.bytes;
      for (let j = 0; j < b.length; j++) out[at++] = b[j]!;
      at++;
      const list = head ? r.head : r.list;
      out[at++] = list.length >>> 8;
      out[at++] = list.length & 255;
      for (let j = 0; j < list.length; j++) {
        const p = list[j]!;
        out[at++] = p >>> 8;
        out[at++] = p & 255;
      }
    }
    return out;
  };
  // This document's lexemes (and the head's), by the stamp on their records.
  let stamp = 0;
  let all: MemoLexeme[] = [];
  let heads: MemoLexeme[] = [];
  const place = (rec: MemoLexeme, at: number, inHead: boolean) => {
    if (rec.stamp !== stamp) {
      rec.stamp = stamp;
      rec.list = [at];
      all.push(rec);
    } else add(rec.list, at);
    if (!inHead) return;
    if (rec.headStamp !== stamp) {
      rec.headStamp = stamp;
      rec.head = [at];
      heads.push(rec);
    } else add(rec.head, at);
  };
  const out: TsvectorEntry[] = [];
  // Documents of this call have stamps above `before` (a Latin word is listed once per call;
  // records made after the memo is cleared start unlisted).
  const before = memo.serial;
  for (let d = 0; d < docs.length; d++) {
    // Bounded memo: cleared between documents (never while a document's positions are on it).
    if (memo.words.size >= 200_000 || memo.lexemes.size >= 200_000) {
      memo.words.clear();
      memo.lexemes.clear();
    }
    stamp = ++memo.serial;
    const fields = docs[d]!;
    all = [];
    heads = [];
    const latin: string[] = [];
    let pos = 1;
    for (let i = 0; i < fields.length; i++) {
      // A, B, C for the first three fields, D for the rest.
      const weight = (3 - Math.min(i, 3)) << 14;
      const inHead = opts.inHead[i] === true;
      const raw = fields[i]!;
      const folded = raw ? foldText(raw) : "";
      // segmentChunk's rule: text with Chinese is cut into tokens, other text is kept as is.
      const tokens = folded && han.test(folded) ? cut(folded) : [folded];
      // The field's lexemes in order: the words of each token, as the index text
      // (tokens.join(" ")) split by /[^\p{L}\p{N}]+/u gives them, without the regular
      // expression: ASCII and common Chinese characters are decided by their code, any other
      // character once per thread by the expression (a surrogate pair as one).
      const recs: MemoLexeme[] = [];
      for (const text of tokens) {
        let start = -1;
        for (let k = 0; k <= text.length; k++) {
          let word = false;
          let width = 1;
          if (k < text.length) {
            const c = text.charCodeAt(k);
            if (c < 128) word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
            else if (c >= 0x4e00 && c <= 0x9fff) word = true;
            else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
              word = wordChar.test(text.slice(k, k + 2));
              width = 2;
            } else {
              let known = memo.classes[c]!;
              if (!known) memo.classes[c] = known = wordChar.test(text[k]!) ? 1 : 2;
              word = known === 1;
            }
          }
          if (word) {
            if (start < 0) start = k;
          } else if (start >= 0) {
            // A whole token that is one word (most of jieba's) is used as is, not sliced.
            recs.push(recordOf(start === 0 && k === text.length ? text : text.slice(start, k)));
            start = -1;
          }
          k += width - 1;
        }
      }
      for (let k = 0; k < recs.length; k++) {
        const rec = recs[k]!;
        const at = weight | Math.min(pos, 16383);
        if (rec.latin && rec.latinStamp !== stamp) {
          if (rec.latinStamp <= before) latin.push(rec.lexeme);
          rec.latinStamp = stamp;
        }
        place(rec, at, inHead);
        // A synonym phrase ("cold chain") is one lexeme too, so a query matches it without a
        // phrase operator: `a <-> b` makes the GIN index recheck every matching row (ADR 055).
        const following = phrases.size ? phrases.get(rec.lexeme) : undefined;
        if (following)
          for (const words of following) {
            if (!words.every((w, j) => recs[k + 1 + j]?.lexeme === w)) continue;
            place(lexemeRecord([rec.lexeme, ...words].join(" "), false), at, inHead);
          }
        pos++;
      }
      pos += 100;
    }
    heads.sort(byLexeme);
    const head = encode(heads, true);
    for (const lexeme of extras?.[d] ?? []) {
      const rec = lexemeRecord(lexeme, false);
      if (rec.stamp === stamp) continue;
      rec.stamp = stamp;
      rec.list = [];
      all.push(rec);
    }
    all.sort(byLexeme);
    out.push({ tsv: encode(all, false), head, latin });
  }
  return out;
}

/** The text form of a binary tsvector (tests and diagnostics: what PostgreSQL would print). */
export function tsvectorText(binary: Uint8Array): string {
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  const utf8 = new TextDecoder();
  const parts: string[] = [];
  let at = 4;
  for (let n = view.getInt32(0); n > 0; n--) {
    const end = binary.indexOf(0, at);
    const lexeme = utf8.decode(binary.subarray(at, end));
    at = end + 1;
    const count = view.getUint16(at);
    at += 2;
    const list: string[] = [];
    for (let k = 0; k < count; k++, at += 2) {
      const p = view.getUint16(at);
      list.push(`${p & 0x3fff}${"DCBA"[p >> 14]}`);
    }
    const quoted = `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
    parts.push(list.length ? `${quoted}:${list.join(",")}` : quoted);
  }
  return parts.join(" ");
}
