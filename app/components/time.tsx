// A <time> element formatted the same on server and browser (fixed time zone, so
// hydration does not differ between the server's and the reader's clocks).
import { useTranslation } from "react-i18next";

export function Time({ value, withTime = true }: { value: Date | string; withTime?: boolean }) {
  const { i18n } = useTranslation();
  const date = new Date(value);
  const text = date.toLocaleString(i18n.language === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" as const } : {}),
  });
  return <time dateTime={date.toISOString()}>{text}</time>;
}
