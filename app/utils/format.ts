// Dates and numbers formatted for the reader's language. Intl formatters are
// expensive to create (tens of microseconds each, which a page of 200 comments
// paid 200 times), so one per language and style is kept for the process's life.
// Dates use one fixed time zone so server and browser render the same text and
// hydration never differs with the reader's clock.
const TIME_ZONE = "Asia/Shanghai";

type DateStyle = "datetime" | "date" | "long-date";

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  datetime: { timeZone: TIME_ZONE, dateStyle: "medium", timeStyle: "short" },
  date: { timeZone: TIME_ZONE, dateStyle: "medium" },
  "long-date": { timeZone: TIME_ZONE, dateStyle: "long" },
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** Formatting itself costs ~20 µs; the same comments' times are shown again and again. */
const formattedDates = new Map<string, string>();
const FORMATTED_DATES_MAX = 10_000;
const numberFormats = new Map<string, Intl.NumberFormat>();

/** en renders as en-GB (day month year), everything else as given (zh-CN). */
const intlLocale = (language: string) => (language === "en" ? "en-GB" : language);

export function formatDate(value: Date | string | number, language: string, style: DateStyle = "date"): string {
  const date = new Date(value);
  const memoKey = `${language}|${style}|${date.getTime()}`;
  const known = formattedDates.get(memoKey);
  if (known !== undefined) return known;
  const key = `${language}|${style}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(language), OPTIONS[style]);
    dateFormats.set(key, f);
  }
  const text = f.format(date);
  if (formattedDates.size >= FORMATTED_DATES_MAX) formattedDates.clear();
  formattedDates.set(memoKey, text);
  return text;
}

export function formatNumber(n: number, language: string): string {
  let f = numberFormats.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language);
    numberFormats.set(language, f);
  }
  return f.format(n);
}
