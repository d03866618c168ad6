// Characters that make text read differently from what it is, or that turn into
// binary junk on the wire: one list for every place that takes text from people
// (rich text, case titles and summaries, display names). Browser-safe.
//
// - C0 and C1 control characters (NUL among them), but tab, line feed and carriage
//   return where text may have lines;
// - bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069),
//   which can make "exe.txt" read as "txt.exe";
// - zero-width characters and the BOM (U+200B–200F, U+2060, U+FEFF), which hide
//   text or make two equal-looking titles differ;
// - interlinear annotation controls (U+FFF9–FFFB).
// (The SQL of migration 20261206120000_harden_sec_clean_case_text strips the same
// set from rows stored before this list applied to them.)

const CONTROLS_KEEPING_LINES = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f";
const BIDI = "\\u202a-\\u202e\\u2066-\\u2069";
const ZERO_WIDTH = "\\u200b-\\u200f\\u2060\\ufeff";
const ANNOTATION = "\\ufff9-\\ufffb";

/** Controls (but tab and line breaks), bidi controls and annotations: what rich text drops. */
const UNSAFE_IN_RICH_TEXT = new RegExp(`[${CONTROLS_KEEPING_LINES}\\u000d${BIDI}${ANNOTATION}]`, "g");
/** Everything above plus zero-width characters: what plain text fields drop. */
const INVISIBLE = new RegExp(`[${CONTROLS_KEEPING_LINES}${BIDI}${ZERO_WIDTH}${ANNOTATION}]`, "g");
const INVISIBLE_TEST = new RegExp(INVISIBLE.source.replace(/\]$/, "\\t\\n\\r]"));

/**
 * Text of a rich-text document (the Tiptap validator): controls except tab and
 * line feed, bidi controls and annotations go. Zero-width joiners stay: emoji
 * sequences and some scripts need them inside running text.
 */
export function stripUnsafeChars(text: string): string {
  return text.replace(UNSAFE_IN_RICH_TEXT, "");
}

/**
 * A plain-text field (a case title, summary, metric label): every invisible or
 * direction-changing character goes. `lines` keeps line breaks (as "\n");
 * otherwise tabs and line breaks become spaces.
 */
export function cleanText(text: string, opts: { lines?: boolean } = {}): string {
  const stripped = text.replace(INVISIBLE, "");
  return opts.lines ? stripped.replace(/\r\n?/g, "\n").replace(/\t/g, " ") : stripped.replace(/[\t\r\n]+/g, " ");
}

/** Whether a value holds any of these characters, tab and line breaks included (display names refuse them). */
export function hasInvisibleChars(text: string): boolean {
  return INVISIBLE_TEST.test(text);
}
