// Dates and numbers formatted for the reader's language, on the server and in the
// browser alike (hydration needs the same text on both sides).
//
// Not through Intl: in a browser the first Intl.DateTimeFormat or NumberFormat of
// a page load pays for loading ICU's locale data — ~45 ms of main-thread time on
// Lighthouse's mid-range phone (measured, ADR 016), paid by every page that shows
// a date or a count. The app shows one fixed time zone and two languages, so the
// few patterns it uses are written out here; format.test.ts checks them against
// Intl's output for thousands of dates and numbers.

/** Asia/Shanghai: UTC+8 all year (China has had no daylight saving time since 1991). */
const OFFSET_MS = 8 * 3600 * 1000;

type DateStyle = "datetime" | "date" | "long-date";

// CLDR's en-GB abbreviations ("Sept" since CLDR 38), as Node writes them.
const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"];
const MONTHS_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * As Intl.DateTimeFormat would in Beijing time: zh-CN "2026年11月27日" ("… 16:32"
 * with the time), en as en-GB "27 Nov 2026" ("27 Nov 2026, 16:32"; long "27 November 2026").
 */
export function formatDate(value: Date | string | number, language: string, style: DateStyle = "date"): string {
  const d = new Date(new Date(value).getTime() + OFFSET_MS);
  const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  const time = style === "datetime" ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : "";
  if (language === "en") {
    const date = `${day} ${(style === "long-date" ? MONTHS_LONG : MONTHS_SHORT)[month]} ${year}`;
    return time ? `${date}, ${time}` : date;
  }
  const date = `${year}年${month + 1}月${day}日`;
  return time ? `${date} ${time}` : date;
}

/** As Intl.NumberFormat would for zh-CN and en: digits grouped by threes with ",", at most 3 decimals. */
export function formatNumber(n: number, _language: string): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole, fraction] = Math.abs(n).toFixed(3).split(".") as [string, string];
  const decimals = fraction.replace(/0+$/, "");
  const text = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${decimals ? `.${decimals}` : ""}`;
  return n < 0 && text !== "0" ? `-${text}` : text;
}

/** The zone's name, shown with every clock time (issue 12.3: times were unlabelled and the editor used browser time). */
export function zoneLabel(language: string): string {
  return language === "en" ? "Beijing time" : "北京时间";
}

/** "16:32" in Beijing time. */
export function formatTime(value: Date | string | number, _language: string): string {
  const d = new Date(new Date(value).getTime() + OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A date and time with its zone: "2026年11月27日 16:32（北京时间）", "27 Nov 2026, 16:32 (Beijing time)". */
export function formatDateTimeWithZone(value: Date | string | number, language: string): string {
  const text = formatDate(value, language, "datetime");
  return language === "en" ? `${text} (${zoneLabel(language)})` : `${text}（${zoneLabel(language)}）`;
}

/** A clock time with its zone: "16:32（北京时间）", "16:32 (Beijing time)". */
export function formatTimeWithZone(value: Date | string | number, language: string): string {
  const text = formatTime(value, language);
  return language === "en" ? `${text} (${zoneLabel(language)})` : `${text}（${zoneLabel(language)}）`;
}

/**
 * "3 分钟前" / "3 minutes ago" for times within the last week; null for older
 * times (and future ones), which read better as dates.
 */
export function formatRelative(value: Date | string | number, now: Date | number, language: string): string | null {
  const seconds = Math.floor((new Date(now).getTime() - new Date(value).getTime()) / 1000);
  if (seconds < -60 || seconds >= 7 * 86400) return null;
  const en = language === "en";
  if (seconds < 60) return en ? "just now" : "刚刚";
  const [n, unitEn, unitZh] =
    seconds < 3600
      ? [Math.floor(seconds / 60), "minute", "分钟"]
      : seconds < 86400
        ? [Math.floor(seconds / 3600), "hour", "小时"]
        : [Math.floor(seconds / 86400), "day", "天"];
  return en ? `${n} ${unitEn}${n === 1 ? "" : "s"} ago` : `${n} ${unitZh}前`;
}

/**
 * Text and attribute values for markup written as strings (the comment list, ADR 057/061; the
 * case cards, ADR 064), escaped as React escapes them, so a string writer and its JSX twin give
 * the same bytes. Here rather than in a module of its own: every page that writes such strings
 * loads this module already, and a module of its own would be one more script chunk per page.
 */
export function esc(s: string): string {
  return /["&'<>]/.test(s)
    ? s.replace(/[&"'<>]/g, (ch) =>
        ch === "&" ? "&amp;" : ch === '"' ? "&quot;" : ch === "'" ? "&#x27;" : ch === "<" ? "&lt;" : "&gt;",
      )
    : s;
}
