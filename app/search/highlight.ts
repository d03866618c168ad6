// Highlights and snippets are cut from the ORIGINAL text (never the segmented
// copy): matches are found on a same-length folded copy and mapped back by offset.
// Everything outside <mark> is HTML-escaped, so a stored XSS string stays inert.
import { HAN } from "./segment.ts";

export interface HighlightTerms {
  /** Folded Latin words (query words and their typo variants). */
  words: Set<string>;
  /** Folded Latin prefixes (the last word while typing). */
  prefixes: string[];
  /** Chinese substrings to mark. */
  han: string[];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

const ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/g;

/** Lower-case, diacritic-free copy with exactly the same UTF-16 length. */
function foldSameLength(s: string): string {
  let lower = s.toLowerCase();
  if (lower.length !== s.length) {
    // A few characters lower-case to two units (İ); fold those one by one.
    lower = Array.from(s, (c) => {
      const l = c.toLowerCase();
      return l.length === c.length ? l : c;
    }).join("");
  }
  return lower.replace(ACCENTED, (c) => c.normalize("NFD")[0]!);
}

/** Whether the UTF-16 unit at `i` belongs to a Latin word (letters and digits other than Chinese). */
function isWordChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  const ch = String.fromCodePoint(s.codePointAt(i) ?? c);
  return WORD_CHAR.test(ch);
}
const WORD_CHAR = new RegExp("^[[\\p{L}\\p{N}]--\\p{Script=Han}]", "v");

export function matchRanges(text: string, terms: HighlightTerms, firstOnly = false): Array<[number, number]> {
  if (!text) return [];
  const folded = foldSameLength(text);
  const ranges: Array<[number, number]> = [];
  if ((terms.words.size || terms.prefixes.length) && /[a-z0-9]/i.test(folded)) {
    // Each term is looked up with indexOf and kept where it stands as a whole word
    // (a prefix: where a word starts): far cheaper on long Chinese bodies than
    // tokenizing the whole text, which the query's Latin terms (synonyms
    // included) would otherwise cost every Chinese document.
    const find = (w: string, whole: boolean) => {
      for (let from = 0; ;) {
        const i = folded.indexOf(w, from);
        if (i < 0) return;
        from = i + 1;
        if (i > 0 && isWordChar(folded, i - 1)) continue;
        if (whole && i + w.length < folded.length && isWordChar(folded, i + w.length)) continue;
        ranges.push([i, i + w.length]);
        if (firstOnly) return;
        from = i + w.length;
      }
    };
    for (const w of terms.words) if (w) find(w, true);
    for (const p of terms.prefixes) if (p) find(p, false);
  }
  for (const h of terms.han) {
    if (!h || !HAN.test(h)) continue;
    let from = 0;
    for (;;) {
      const i = folded.indexOf(h, from);
      if (i < 0) break;
      ranges.push([i, i + h.length]);
      if (firstOnly) break;
      from = i + h.length;
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function render(text: string, ranges: Array<[number, number]>, from: number, to: number): string {
  let out = "";
  let pos = from;
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0, from);
    const e = Math.min(e0, to);
    if (e <= s) continue;
    out += escapeHtml(text.slice(pos, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
    pos = e;
  }
  return out + escapeHtml(text.slice(pos, to));
}

export function highlight(text: string, terms: HighlightTerms): string {
  return render(text, matchRanges(text, terms), 0, text.length);
}

function isLowSurrogate(code: number) {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A window of about `length` UTF-16 units around the first match (or the start), escaped, matches marked. */
export function snippet(text: string, terms: HighlightTerms, length = 160): string {
  if (!text) return "";
  if (text.length <= length) return render(text, matchRanges(text, terms), 0, text.length);
  // Find the first match cheaply, then mark matches inside the window only.
  const first = matchRanges(text, terms, true)[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(length / 4));
  let end = Math.min(text.length, start + length);
  start = Math.max(0, end - length);
  // Prefer to start after a sentence or word boundary near the window start.
  if (start > 0) {
    const back = text.slice(Math.max(0, start - 20), start);
    const b = Math.max(back.lastIndexOf("。"), back.lastIndexOf(". "), back.lastIndexOf(" "), back.lastIndexOf("，"));
    if (b >= 0) start = start - back.length + b + 1;
  }
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  const inWindow = matchRanges(text.slice(start, end), terms).map(([a, b]): [number, number] => [a + start, b + start]);
  const body = render(text, inWindow, start, end).trim();
  return (start > 0 ? "…" : "") + body + (end < text.length ? "…" : "");
}
