// A <time> element formatted the same on server and browser (app/utils/format.ts:
// one fixed time zone and cached formatters).
import { useTranslation } from "react-i18next";
import { formatDate } from "~/utils/format.ts";

export function Time({ value, withTime = true }: { value: Date | string; withTime?: boolean }) {
  const { i18n } = useTranslation();
  const date = new Date(value);
  return <time dateTime={date.toISOString()}>{formatDate(date, i18n.language, withTime ? "datetime" : "date")}</time>;
}
