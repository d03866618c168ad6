// Shared by server and browser. Every UI string lives in locales/<lng>/<ns>.json;
// tests/i18n (app/i18n/keys.test.ts) fails when a key exists in one language only.
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "lang";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Names of each language in itself, for the language switch. */
export const LOCALE_LABELS: Record<Locale, string> = { "zh-CN": "中文", en: "English" };
