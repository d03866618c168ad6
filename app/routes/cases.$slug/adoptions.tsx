// The case page's "adopted by N bases" section and its "based on …" note. The
// list is the same for everyone (part of the members' shared render, ADR 015);
// the viewer's own part (may they record one, their base's stage) arrives with
// the page's viewer state.
import { AppLink } from "~/components/app-link.tsx";
import { useTranslation } from "react-i18next";
import type { AdoptionViewerState, BaseRef, CaseAdoptionView, CaseRef } from "~/models/adoption.server.ts";
import { formatDate } from "~/utils/format.ts";

function baseLabel(b: BaseRef, en: boolean) {
  return en ? b.nameEn : b.nameZh;
}

function caseTitle(c: CaseRef, en: boolean) {
  return en && c.titleEn ? c.titleEn : c.title;
}

export function BasedOn({ items }: { items: Array<CaseRef & { base: BaseRef | null }> }) {
  const { t, i18n } = useTranslation("adoption");
  const en = i18n.language === "en";
  if (!items.length) return null;
  return (
    <aside className="based-on" aria-labelledby="based-on-title">
      <h2 id="based-on-title" className="based-on-title">
        {t("basedOn.title")}
      </h2>
      <p className="meta">{t("basedOn.intro")}</p>
      <ul className="plain-list">
        {items.map((c) => (
          <li key={c.slug}>
            <AppLink to={`/cases/${c.slug}`}>{caseTitle(c, en)}</AppLink>
            {c.base ? <span className="meta"> · {baseLabel(c.base, en)}</span> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}

function ViewerAction({ slug, viewer }: { slug: string; viewer: AdoptionViewerState }) {
  const { t, i18n } = useTranslation("adoption");
  const href = `/cases/${slug}/adoption`;
  switch (viewer.refusal) {
    case null:
      return (
        <p className="adoption-viewer">
          {viewer.own ? (
            <>
              {t("section.yours", {
                stage: t(`stages.${viewer.own.stage}`),
                date: formatDate(viewer.own.stageChangedAt, i18n.language, "long-date"),
              })}{" "}
              <AppLink to={href} className="button button-secondary button-small">
                {t("section.update")}
              </AppLink>
            </>
          ) : (
            <AppLink to={href} className="button button-small">
              {t("section.record")}
            </AppLink>
          )}
        </p>
      );
    case "sign-in":
      return (
        <p className="adoption-viewer meta">
          <AppLink to={`/login?redirectTo=${encodeURIComponent(href)}`}>{t("section.signIn")}</AppLink>
        </p>
      );
    case "no-base":
      return (
        <p className="adoption-viewer meta">
          {t("section.noBase")} <AppLink to="/affiliation">{t("section.requestAffiliation")}</AppLink>
        </p>
      );
    case "not-verified":
      return <p className="adoption-viewer meta">{t("section.notVerified")}</p>;
    default:
      return null; // their own base's case, or a role that does not adopt
  }
}

export function Adoptions({
  slug,
  count,
  items,
  viewer,
}: {
  slug: string;
  count: number;
  items: CaseAdoptionView[];
  viewer: AdoptionViewerState;
}) {
  const { t, i18n } = useTranslation("adoption");
  const en = i18n.language === "en";
  return (
    <section id="adoptions" aria-labelledby="adoptions-title" className="adoptions">
      <h2 id="adoptions-title">{count > 0 ? t("section.count", { count }) : t("section.title")}</h2>
      <ViewerAction slug={slug} viewer={viewer} />
      {items.length === 0 ? (
        <p className="meta">{t("section.none")}</p>
      ) : (
        <ul className="adoption-list plain-list">
          {items.map((a) => (
            <li key={a.base.slug} className="adoption">
              <p className="adoption-head">
                <AppLink to={`/bases/${a.base.slug}`}>{baseLabel(a.base, en)}</AppLink>
                <span className="meta"> · {t(`bases:provinces.${a.base.province}`)} · </span>
                <span className={`tag adoption-stage adoption-stage-${a.stage}`}>{t(`stages.${a.stage}`)}</span>{" "}
                <span className="meta">
                  {t("section.since", { date: formatDate(a.stageChangedAt, i18n.language, "long-date") })}
                </span>
              </p>
              {a.note ? <p className="adoption-note">{a.note}</p> : null}
              {a.outcome ? (
                <p className="adoption-outcome">
                  <strong>{t("section.outcomeLabel")}</strong> {a.outcome}
                </p>
              ) : null}
              {a.metrics.length ? (
                <div className="table-wrap">
                  <table className="adoption-metrics">
                    <caption>{t("section.metricsCaption", { base: baseLabel(a.base, en) })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("cases:metrics.label")}</th>
                        <th scope="col">{t("cases:metrics.before")}</th>
                        <th scope="col">{t("cases:metrics.after")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {a.metrics.map((m, i) => (
                        <tr key={i}>
                          <th scope="row">
                            {m.label}
                            {m.unit ? <span className="meta"> ({m.unit})</span> : null}
                          </th>
                          <td>{m.before || "—"}</td>
                          <td>{m.after}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
              {a.followUp ? (
                <p className="meta">
                  {t("section.followUp")}{" "}
                  <AppLink to={`/cases/${a.followUp.slug}`}>{caseTitle(a.followUp, en)}</AppLink>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {count > items.length ? <p className="meta">{t("section.more", { shown: items.length, count })}</p> : null}
    </section>
  );
}
