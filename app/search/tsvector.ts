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
  /** Latin words for the typo vocabulary. */
  latin: string[];
}

/** Per thread, since texts repeat their words: a token's lexeme and whether it is a Latin word; a lexeme's UTF-8 bytes. */
export interface LexemeMemo {
  tokens: Map<string, [lexeme: string, latin: boolean]>;
  bytes: Map<string, Uint8Array>;
  /** Per UTF-16 code outside ASCII and common Chinese: 1 a word character, 2 not, 0 not known yet. */
  classes: Uint8Array;
}

/** An empty memo (one per thread). */
export function lexemeMemo(): LexemeMemo {
  return { tokens: new Map(), bytes: new Map(), classes: new Uint8Array(65536) };
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
  const han = /\p{Script=Han}/u;
  const wordChar = /^[\p{L}\p{N}]$/u;
  const marks = /\p{M}+/gu;
  const digits = /^\p{N}+$/u;
  const phrases = new Map(opts.phrases);
  const utf8 = new TextEncoder();
  // tsvector's binary form: lexeme count (int32), then per lexeme its UTF-8 bytes, a NUL, the
  // position count (int16) and each position (int16: weight in the top two bits, A = 3 … D = 0).
  // The server sorts the lexemes itself; positions must ascend, without repeats.
  const encode = (positions: Map<string, number[]>) => {
    const bytes: Uint8Array[] = [];
    let size = 4;
    for (const [lexeme, list] of positions) {
      // Each distinct lexeme's UTF-8 bytes are made once per thread (encoding was a third of this function).
      let b = memo.bytes.get(lexeme);
      if (!b) {
        b = utf8.encode(lexeme);
        if (memo.bytes.size >= 200_000) memo.bytes.clear();
        memo.bytes.set(lexeme, b);
      }
      bytes.push(b);
      size += b.length + 3 + 2 * list.length;
    }
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setInt32(0, positions.size);
    let at = 4;
    let k = 0;
    for (const list of positions.values()) {
      const b = bytes[k++]!;
      out.set(b, at);
      at += b.length + 1;
      view.setUint16(at, list.length);
      at += 2;
      for (const p of list) {
        view.setUint16(at, p);
        at += 2;
      }
    }
    return out;
  };
  const add = (map: Map<string, number[]>, token: string, at: number) => {
    const list = map.get(token);
    // PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383 (so a very
    // long text repeats the last one: kept once, as the text form's parser would).
    if (!list) map.set(token, [at]);
    else if (list.length < 256 && list[list.length - 1] !== at) list.push(at);
  };
  const out: TsvectorEntry[] = [];
  texts.forEach((fields, d) => {
    const positions = new Map<string, number[]>();
    const headPositions = new Map<string, number[]>();
    const latin = new Set<string>();
    let pos = 1;
    for (let i = 0; i < fields.length; i++) {
      // A, B, C for the first three fields, D for the rest.
      const weight = (3 - Math.min(i, 3)) << 14;
      const inHead = opts.inHead[i] === true;
      const tokens: string[] = [];
      const text = fields[i]!;
      // The words of the text, as text.split(/[^\p{L}\p{N}]+/u) gives them but without the regular
      // expression (a third of this function): ASCII and common Chinese characters are decided by
      // their code, any other character once per thread by the expression (a surrogate pair as one).
      const raws: string[] = [];
      let start = -1;
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        let word: boolean;
        let width = 1;
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
        if (word) {
          if (start < 0) start = k;
        } else if (start >= 0) {
          raws.push(text.slice(start, k));
          start = -1;
        }
        k += width - 1;
      }
      if (start >= 0) raws.push(text.slice(start));
      for (const raw of raws) {
        let known = memo.tokens.get(raw);
        if (!known) {
          const isHan = han.test(raw);
          const lexeme = isHan ? raw : raw.normalize("NFD").replace(marks, "");
          known = [lexeme, !isHan && lexeme.length >= 2 && !digits.test(lexeme)];
          if (memo.tokens.size >= 200_000) memo.tokens.clear();
          memo.tokens.set(raw, known);
        }
        tokens.push(known[0]);
        if (known[1]) latin.add(known[0]);
      }
      for (let k = 0; k < tokens.length; k++) {
        const token = tokens[k]!;
        const at = weight | Math.min(pos, 16383);
        add(positions, token, at);
        if (inHead) add(headPositions, token, at);
        // A synonym phrase ("cold chain") is one lexeme too, so a query matches it without a
        // phrase operator: `a <-> b` makes the GIN index recheck every matching row (ADR 055).
        const following = phrases.get(token);
        if (following)
          for (const words of following) {
            if (!words.every((w, j) => tokens[k + 1 + j] === w)) continue;
            const lexeme = [token, ...words].join(" ");
            add(positions, lexeme, at);
            if (inHead) add(headPositions, lexeme, at);
          }
        pos++;
      }
      pos += 100;
    }
    const head = encode(headPositions);
    for (const lexeme of extras?.[d] ?? []) if (!positions.has(lexeme)) positions.set(lexeme, []);
    out.push({ tsv: encode(positions), head, latin: [...latin] });
  });
  return out;
}

/** The text form of a binary tsvector (tests and diagnostics: what PostgreSQL would print, unsorted). */
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
