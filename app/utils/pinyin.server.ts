// Toneless pinyin for slugs and the base picker. pinyin-pro (its dictionary is ~65 ms of
// loading and ~8 MiB resident) loads with the first Chinese word spelled, not with the
// server: only publishing, the base import and the base picker spell words (issue 15.4).
// Required, not imported, so that the callers stay synchronous.
import { createRequire } from "node:module";
import type * as PinyinPro from "pinyin-pro";

const require = createRequire(import.meta.url);
let loaded: typeof PinyinPro | undefined;

/** True once this process has loaded pinyin-pro. */
export function pinyinLoaded(): boolean {
  return loaded !== undefined;
}

/** Syllables of `text` without tones (or their first letters), as pinyin-pro's array form. */
export function pinyinSyllables(
  text: string,
  options: { nonZh: "removed" | "consecutive"; pattern?: "pinyin" | "first" },
): string[] {
  loaded ??= require("pinyin-pro") as typeof PinyinPro;
  return loaded.pinyin(text, {
    toneType: "none",
    type: "array",
    nonZh: options.nonZh,
    pattern: options.pattern ?? "pinyin",
  });
}
