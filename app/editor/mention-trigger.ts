// When "@" opens the mention menu (issue 12.11). Tiptap's default opens it only
// after a space or at the start of a line; Chinese writers rarely put a space
// before @ ("你好，@李"), so here it also opens after Chinese (and other CJK)
// text and after any punctuation, full-width or not. It still does not open
// inside an email address or a word: not after an ASCII letter, digit or . _ % + -.
import { findSuggestionMatch, type SuggestionMatch, type Trigger } from "@tiptap/suggestion";

const WORD_OR_EMAIL = /[A-Za-z0-9._%+-]/;
const OPENS_AFTER =
  /[\s\p{P}\p{S}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Whether "@" right after `prefix` (one character, or "" at the start of a text) opens the menu. */
export function mentionPrefixAllowed(prefix: string): boolean {
  if (prefix === "") return true;
  return !WORD_OR_EMAIL.test(prefix) && OPENS_AFTER.test(prefix);
}

/** Tiptap's matcher with any prefix, then this module's rule on the character before "@". */
export function findMentionMatch(config: Trigger): SuggestionMatch {
  const match = findSuggestionMatch({ ...config, allowedPrefixes: null });
  if (!match) return null;
  const node = config.$position.nodeBefore;
  const text = node?.isText ? (node.text ?? "") : "";
  const textFrom = config.$position.pos - text.length;
  const at = match.range.from - textFrom;
  // The whole character before "@", a surrogate pair included (rare hanzi outside the BMP).
  const prefix = Array.from(text.slice(0, Math.max(0, at))).pop() ?? "";
  return mentionPrefixAllowed(prefix) ? match : null;
}
