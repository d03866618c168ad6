// Creates a ready i18next instance for one language. The server keeps one per
// language for the life of the process; the browser makes one at hydration.
import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "./config.ts";
import type { Resources } from "./resources.ts";

export function createI18n(locale: Locale, resources: Resources): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: resources },
    ns: Object.keys(resources),
    defaultNS: "common",
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
    react: { useSuspense: false },
  });
  memoizeTranslations(instance);
  return instance;
}

/** Entries kept before the memo starts over (interpolated names make keys unbounded). */
export const TRANSLATION_MEMO_SIZE = 20_000;

/**
 * i18next resolves every call from scratch — language hierarchy, namespaces,
 * plural rules, interpolation — about 20 µs each, and a 200-comment thread makes
 * thousands of calls. The texts never change while the instance lives, so a call
 * with the same key and the same plain options gives the same string: remember it.
 * Calls with objects in their options (components, returnObjects) go straight through.
 */
function memoizeTranslations(instance: i18n) {
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown;
  const memo = new Map<string, string>();
  const forget = () => memo.clear();
  instance.on("languageChanged", forget);
  instance.store.on("added", forget);
  instance.store.on("removed", forget);
  const t = (...args: unknown[]) => {
    const id = memoKey(args);
    if (id === null) return translate(...args);
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const out = translate(...args);
    if (typeof out === "string") {
      if (memo.size >= TRANSLATION_MEMO_SIZE) memo.clear();
      memo.set(id, out);
    }
    return out;
  };
  instance.t = t as unknown as i18n["t"];
}

/** A key for (key, options) when everything in them is a string, number, boolean or a list of strings; else null. */
function memoKey(args: unknown[]): string | null {
  const [key, opts, ...rest] = args;
  if (rest.length > 0) return null;
  // Most calls are a plain key: no JSON for them (a key never starts with "[", a JSON array does).
  if (opts === undefined && typeof key === "string") return key;
  if (typeof key !== "string" && !(Array.isArray(key) && key.every((k) => typeof k === "string"))) return null;
  if (opts !== undefined && typeof opts !== "string") {
    if (opts === null || typeof opts !== "object") return null;
    for (const v of Object.values(opts)) {
      if (v === undefined || v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        continue;
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) continue;
      return null;
    }
  }
  return JSON.stringify([key, opts ?? null]);
}
