// Message bundles by language. The server imports both; the browser loads only
// the page's language (see entry.client.tsx), so each language is its own chunk.
import type { Locale } from "./config.ts";

export type Resources = Record<string, Record<string, unknown>>;

export const loadResources: Record<Locale, () => Promise<Resources>> = {
  "zh-CN": () => import("./locales/zh-CN/index.ts").then((m) => m.default),
  en: () => import("./locales/en/index.ts").then((m) => m.default),
};
