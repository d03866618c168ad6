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
  /** 'lexeme':1A,7A … over every searchable field, in weight order. */
  literal: string;
  /** The same lexemes, positions and weights from the head fields only. */
  head: string;
  /** Latin words for the typo vocabulary. */
  latin: string[];
}

/** A token's lexeme and whether it is a Latin word (memoized per thread: texts repeat their words). */
export type LexemeMemo = Map<string, [lexeme: string, latin: boolean]>;

/**
 * Entries of documents whose fields are segmented as the index stores them (segmentChunk's
 * texts: tokens separated by non-word characters). Fields are weighted A, B, C, then D;
 * positions run on across fields with a gap of 100, so a phrase never spans two fields.
 */
export function tsvectorEntries(texts: string[][], opts: TsvectorOptions, memo: LexemeMemo): TsvectorEntry[] {
  const han = /\p{Script=Han}/u;
  const nonWord = /[^\p{L}\p{N}]+/u;
  const marks = /\p{M}+/gu;
  const digits = /^\p{N}+$/u;
  const weights = ["A", "B", "C", "D"];
  const phrases = new Map(opts.phrases);
  const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  const render = (positions: Map<string, string[]>) => {
    const parts: string[] = [];
    for (const [lexeme, list] of positions) parts.push(`${quote(lexeme)}:${list.join(",")}`);
    return parts.join(" ");
  };
  const add = (map: Map<string, string[]>, token: string, at: string) => {
    const list = map.get(token);
    // PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383.
    if (!list) map.set(token, [at]);
    else if (list.length < 256) list.push(at);
  };
  const out: TsvectorEntry[] = [];
  for (const fields of texts) {
    const positions = new Map<string, string[]>();
    const headPositions = new Map<string, string[]>();
    const latin = new Set<string>();
    let pos = 1;
    for (let i = 0; i < fields.length; i++) {
      const weight = weights[Math.min(i, weights.length - 1)]!;
      const inHead = opts.inHead[i] === true;
      const tokens: string[] = [];
      for (const raw of fields[i]!.split(nonWord)) {
        if (!raw) continue;
        let known = memo.get(raw);
        if (!known) {
          const isHan = han.test(raw);
          const lexeme = isHan ? raw : raw.normalize("NFD").replace(marks, "");
          known = [lexeme, !isHan && lexeme.length >= 2 && !digits.test(lexeme)];
          if (memo.size >= 200_000) memo.clear();
          memo.set(raw, known);
        }
        tokens.push(known[0]);
        if (known[1]) latin.add(known[0]);
      }
      for (let k = 0; k < tokens.length; k++) {
        const token = tokens[k]!;
        const at = `${Math.min(pos, 16383)}${weight}`;
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
    out.push({ literal: render(positions), head: render(headPositions), latin: [...latin] });
  }
  return out;
}
