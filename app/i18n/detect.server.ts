// Locale precedence: ?lang= (a link can carry its language), then the member's
// setting, then the lang cookie, then Accept-Language, then zh-CN.
import parser from "accept-language-parser";
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, isLocale, type Locale } from "./config.ts";

export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

export function localeFromQuery(url: string): Locale | null {
  const lang = new URL(url, "http://x").searchParams.get("lang");
  return isLocale(lang) ? lang : null;
}

export function resolveLocale(input: {
  url: string;
  userLocale: string | null;
  cookie: string | null;
  acceptLanguage: string | null;
}): Locale {
  const fromQuery = localeFromQuery(input.url);
  if (fromQuery) return fromQuery;
  if (isLocale(input.userLocale)) return input.userLocale;
  const fromCookie = readCookie(input.cookie, LOCALE_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  if (input.acceptLanguage) {
    const picked = parser.pick([...LOCALES, "zh", "en-US"], input.acceptLanguage, { loose: true });
    if (picked === "zh" || picked === "zh-CN") return "zh-CN";
    if (picked === "en" || picked === "en-US") return "en";
  }
  return DEFAULT_LOCALE;
}

export function localeCookie(locale: Locale, secure: boolean): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
