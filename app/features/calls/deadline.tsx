// A deadline in Beijing time, labelled as such, formatted for the UI language.
import { useTranslation } from "react-i18next";
import { formatDate } from "~/utils/format.ts";

export function Deadline({ value }: { value: string }) {
  const { t, i18n } = useTranslation("calls");
  return (
    <>
      <time dateTime={value}>{formatDate(value, i18n.language, "datetime")}</time> ({t("beijingTime")})
    </>
  );
}
