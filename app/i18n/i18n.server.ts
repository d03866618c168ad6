import en from "./locales/en/index.ts";
import zhCN from "./locales/zh-CN/index.ts";
import type { Locale } from "./config.ts";
import { createI18n } from "./instance.ts";

const instances = { "zh-CN": createI18n("zh-CN", zhCN), en: createI18n("en", en) } as const;

export function i18nFor(locale: Locale) {
  return instances[locale];
}

/** A translate function for server-only text (mail, meta titles, errors). */
export function tFor(locale: Locale) {
  return instances[locale].t;
}
