// A <time> element formatted the same on server and browser (app/utils/format.ts:
// one fixed time zone, Beijing time, labelled). `relative` shows "3 分钟前" for
// recent times, with the full time in the title; it is worked out again after
// hydration, so a page served from a cache does not keep saying "just now".
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDateTimeWithZone, formatRelative } from "~/utils/format.ts";

export function Time({
  value,
  withTime = true,
  relative = false,
}: {
  value: Date | string;
  withTime?: boolean;
  relative?: boolean;
}) {
  const { i18n } = useTranslation();
  const date = new Date(value);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (relative) setNow(Date.now());
  }, [relative]);
  const absolute = withTime ? formatDateTimeWithZone(date, i18n.language) : formatDate(date, i18n.language, "date");
  const recent = relative ? formatRelative(date, now ?? Date.now(), i18n.language) : null;
  return (
    <time dateTime={date.toISOString()} title={recent ? absolute : undefined} suppressHydrationWarning={relative}>
      {recent ?? absolute}
    </time>
  );
}
