// Typo tolerance by Meilisearch's rule: a word of 5+ letters may have one typo,
// 9+ letters two; a typo on the first letter counts as two. Distance is
// Damerau-Levenshtein (optimal string alignment: a swap of neighbours is one typo).

export function allowedTypos(word: string): number {
  const n = [...word].length;
  return n >= 9 ? 2 : n >= 5 ? 1 : 0;
}

/** OSA distance, or `max + 1` as soon as it is certain to exceed `max`. */
export function boundedDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb]!;
}

/** Typos between a query word and an indexed word, with the first-letter penalty. */
export function typoCost(query: string, candidate: string, max: number): number {
  const d = boundedDistance(query, candidate, max);
  if (d > max || d === 0) return d;
  return query[0] !== candidate[0] ? d + 1 : d;
}

/** Latin vocabulary of an index, bucketed by length, for typo expansion. */
export class Vocabulary {
  private byLength = new Map<number, string[]>();
  private known = new Set<string>();
  private cache = new Map<string, string[]>();
  /** Every term in code-unit order (startingWith), sorted when first asked after a change. */
  private sorted: string[] | null = null;

  has(term: string): boolean {
    return this.known.has(term);
  }

  get size(): number {
    return this.known.size;
  }

  /** Returns the terms that were new. */
  add(terms: Iterable<string>): string[] {
    const fresh: string[] = [];
    for (const t of terms) {
      if (this.known.has(t)) continue;
      this.known.add(t);
      fresh.push(t);
      let bucket = this.byLength.get(t.length);
      if (!bucket) this.byLength.set(t.length, (bucket = []));
      bucket.push(t);
    }
    if (fresh.length) {
      this.cache.clear();
      this.sorted = null;
    }
    return fresh;
  }

  clear(): void {
    this.byLength.clear();
    this.known.clear();
    this.cache.clear();
    this.sorted = null;
  }

  /** The terms that begin with `prefix` (not the prefix itself), or null when there are more than `limit`. */
  startingWith(prefix: string, limit: number): string[] | null {
    const sorted = (this.sorted ??= [...this.known].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
      if (sorted[i] === prefix) continue;
      if (out.length === limit) return null;
      out.push(sorted[i]!);
    }
    return out;
  }

  /** Indexed words within the allowed typos of `word` (not the word itself), closest first. */
  expand(word: string, limit = 16): string[] {
    const max = allowedTypos(word);
    if (max === 0 || /^\p{N}+$/u.test(word)) return [];
    const cached = this.cache.get(word);
    if (cached) return cached;
    const found: Array<[string, number]> = [];
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const t of this.byLength.get(len) ?? []) {
        if (t === word) continue;
        const c = typoCost(word, t, max);
        if (c <= max) found.push([t, c]);
      }
    }
    found.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    const out = found.slice(0, limit).map((f) => f[0]);
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(word, out);
    return out;
  }
}
