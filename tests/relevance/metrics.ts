// Ranking metrics for the search relevance set (tests/relevance/relevance.test.ts).
// Judgments are graded: 3 = the document is about the query, 2 = substantially
// relevant, 1 = mentions it; anything unjudged counts as 0.

export type Grades = Readonly<Record<string, number>>;

/** Gain of a grade: 2^rel − 1 (0, 1, 3, 7). */
export function gain(rel: number): number {
  return 2 ** rel - 1;
}

/** Discounted cumulative gain of the first k ids: Σ gain(rel_i) / log2(i + 1), i from 1. */
export function dcgAt(ranked: readonly string[], grades: Grades, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const rel = grades[id] ?? 0;
    if (rel > 0) dcg += gain(rel) / Math.log2(i + 2);
  });
  return dcg;
}

/** The best DCG any ranking could reach: the judged grades, highest first. */
export function idealDcgAt(grades: Grades, k: number): number {
  const best = Object.values(grades)
    .filter((r) => r > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  return best.reduce((sum, rel, i) => sum + gain(rel) / Math.log2(i + 2), 0);
}

/** nDCG@k in [0, 1]. A query needs at least one relevant judgment. */
export function ndcgAt(ranked: readonly string[], grades: Grades, k = 10): number {
  const ideal = idealDcgAt(grades, k);
  if (ideal === 0) throw new Error("nDCG of a query without relevant judgments");
  return dcgAt(ranked, grades, k) / ideal;
}

/**
 * recall@k: the share of all relevant (grade ≥ 1) documents found in the first k.
 * The plain definition: a query with more than k relevant documents cannot reach 1.
 */
export function recallAt(ranked: readonly string[], grades: Grades, k = 10): number {
  const relevant = Object.keys(grades).filter((id) => (grades[id] ?? 0) > 0);
  if (relevant.length === 0) throw new Error("recall of a query without relevant judgments");
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}
