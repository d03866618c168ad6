// A base page's two adoption lists: practices the base took up from other bases'
// cases, and other bases that took up practices from its cases (ADR 027).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { BaseAdoptionRow } from "~/models/adoption.server.ts";

function Rows({ rows, direction }: { rows: BaseAdoptionRow[]; direction: "from" | "by" }) {
  const { t, i18n } = useTranslation("adoption");
  const en = i18n.language === "en";
  return (
    <ul className="plain-list adoption-list">
      {rows.map((r) => (
        <li key={`${r.case.slug}:${r.base?.slug ?? ""}`}>
          <Link to={`/cases/${r.case.slug}`}>{en && r.case.titleEn ? r.case.titleEn : r.case.title}</Link>{" "}
          <span className={`tag adoption-stage adoption-stage-${r.stage}`}>{t(`stages.${r.stage}`)}</span>
          {r.base ? (
            <span className="meta">
              {" "}
              ·{" "}
              {direction === "from" ? (
                t("base.from", { base: en ? r.base.nameEn : r.base.nameZh })
              ) : (
                <Link to={`/bases/${r.base.slug}`}>{en ? r.base.nameEn : r.base.nameZh}</Link>
              )}{" "}
              · {t(`bases:provinces.${r.base.province}`)}
            </span>
          ) : null}
          {r.note ? <p className="adoption-note">{r.note}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export function BaseAdoptions({
  adopted,
  adoptedFrom,
}: {
  adopted: BaseAdoptionRow[];
  adoptedFrom: BaseAdoptionRow[];
}) {
  const { t } = useTranslation("adoption");
  return (
    <>
      <section aria-labelledby="base-adopted">
        <h2 id="base-adopted">{t("base.adopted")}</h2>
        {adopted.length ? <Rows rows={adopted} direction="from" /> : <p className="meta">{t("base.noneAdopted")}</p>}
      </section>
      <section aria-labelledby="base-adopted-from">
        <h2 id="base-adopted-from">{t("base.adoptedFrom")}</h2>
        {adoptedFrom.length ? (
          <Rows rows={adoptedFrom} direction="by" />
        ) : (
          <p className="meta">{t("base.noneAdoptedFrom")}</p>
        )}
      </section>
    </>
  );
}
