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

  // useTranslation asks for a new fixed `t` on every render of every component, and each
  // call through one builds an options object (language, namespace) for i18next, whose key
  // the memo above then serializes: ~2 % of an uncached page's CPU (issue 15.1). The fixed
  // functions are kept per language and namespace, and a call with a key alone is answered
  // from the memo by a key made without JSON. Anything else takes i18next's own path.
  const getFixedT = instance.getFixedT.bind(instance) as unknown as (...args: unknown[]) => FixedT;
  const fixed = new Map<string, FixedT>();
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown, ...rest: unknown[]) => {
    const plainNs = ns === undefined || ns === null || typeof ns === "string" || isStringList(ns);
    if (
      keyPrefix !== undefined ||
      rest.length > 0 ||
      !(lng === null || lng === undefined || typeof lng === "string") ||
      !plainNs
    ) {
      return getFixedT(lng, ns, keyPrefix, ...rest);
    }
    // "\u0000" never occurs in a key, and plain keys and JSON keys never start with it.
    const id = `\u0000${lng ?? ""}\u0000${Array.isArray(ns) ? ns.join("\u0001") : (ns ?? "")}\u0000`;
    let f = fixed.get(id);
    if (!f) {
      const inner = getFixedT(lng, ns);
      const own = ((key: unknown, ...args: unknown[]) => {
        if (args.length > 0 || typeof key !== "string") return inner(key, ...args);
        const k = id + key;
        const hit = memo.get(k);
        if (hit !== undefined) return hit;
        const out = inner(key);
        if (typeof out === "string") {
          if (memo.size >= TRANSLATION_MEMO_SIZE) memo.clear();
          memo.set(k, out);
        }
        return out;
      }) as FixedT;
      // What i18next's fixed function carries (react-i18next and callers may read them).
      Object.assign(own, { lng: inner.lng, lngs: inner.lngs, ns: inner.ns, keyPrefix: inner.keyPrefix });
      f = own;
      fixed.set(id, f);
    }
    return f;
  }) as unknown as i18n["getFixedT"];
}

type FixedT = ((...args: unknown[]) => unknown) & { lng?: unknown; lngs?: unknown; ns?: unknown; keyPrefix?: unknown };

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
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
