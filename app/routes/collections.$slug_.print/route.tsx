// /collections/:slug/print — the compendium as a printable page (A4, a chapter
// per case starting on a new page, the collection title in each page's header,
// page numbers): cover, contents, introduction, then each case with its note,
// metrics table, sections and a QR code to the case online. In the reader's
// language; English chapters use the cases' English versions where they exist.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JSONContent } from "@tiptap/core";
import { can } from "~/auth/permissions.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { renderDocHtml } from "~/editor/render.server.ts";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { SECTIONS } from "~/models/case-content.ts";
import { collectionTitle, compendiumCases, getCollection } from "~/models/collection.server.ts";
import printCss from "~/styles/compendium-print.css?url";
import { appOrigin } from "~/utils/env.server.ts";
import { formatDate } from "~/utils/format.ts";
import { qrSvg } from "~/utils/qr.server.ts";
import { routeMeta } from "~/utils/page-meta.ts";

export const links: LinksFunction = () => [...editorLinks(), { rel: "stylesheet", href: printCss }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const c = params.slug ? await getCollection(params.slug) : null;
  if (!c || (c.status !== "published" && !can(context.user, "manage:collection:any")))
    throw new Response("Not found", { status: 404 });
  const locale = context.locale;
  const en = locale === "en";
  const t = tFor(locale);
  const title = collectionTitle(c, locale);
  const cases = await compendiumCases(c.id, locale);
  const origin = appOrigin();
  const chapters = await Promise.all(
    cases.map(async (x) => {
      const url = `${origin}/cases/${encodeURIComponent(x.slug)}`;
      return {
        slug: x.slug,
        title: x.title,
        summary: x.summary,
        baseName: x.baseName,
        province: x.province,
        industry: x.industry,
        note: x.note,
        translated: x.translated,
        metrics: x.content.metrics,
        sections: SECTIONS.map((s) => ({
          name: s,
          html: x.content.sections[s] ? renderDocHtml(x.content.sections[s] as JSONContent, "case") : "",
        })).filter((s) => s.html),
        url,
        qr: await qrSvg(url),
      };
    }),
  );
  return {
    collection: {
      slug: c.slug,
      title,
      publishedAt: c.publishedAt?.toISOString() ?? null,
      introductionHtml: renderDocHtml(JSON.parse(en && c.introductionEn ? c.introductionEn : c.introduction), "case"),
    },
    chapters,
    meta: { title: `${title} · ${t("collections:compendium.printTitle")}` },
  };
}

export default function PrintCompendium() {
  const { collection, chapters } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("collections");
  return (
    <article className="compendium">
      <div className="compendium-running-title" aria-hidden="true">
        {collection.title}
      </div>
      <p className="no-print meta">
        <Link to={`/collections/${collection.slug}`}>{t("compendium.back")}</Link> · {t("compendium.printHint")}
      </p>
      <section className="compendium-cover">
        <h1>{collection.title}</h1>
        <p>{t("compendium.subtitle", { count: chapters.length })}</p>
        <p>
          {t("common:appName")}
          {collection.publishedAt ? (
            <>
              <br />
              {formatDate(collection.publishedAt, i18n.language, "long-date")}
            </>
          ) : null}
        </p>
      </section>
      <nav className="compendium-toc" aria-labelledby="toc-heading">
        <h2 id="toc-heading">{t("compendium.toc")}</h2>
        <ol>
          {chapters.map((c) => (
            <li key={c.slug}>
              <a href={`#chapter-${c.slug}`}>{c.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      <section className="compendium-intro" aria-labelledby="intro-heading">
        <h2 id="intro-heading">{t("compendium.introduction")}</h2>
        <div className="rich-text" dangerouslySetInnerHTML={{ __html: collection.introductionHtml }} />
      </section>
      {chapters.map((c, index) => (
        <section key={c.slug} id={`chapter-${c.slug}`} className="compendium-chapter" aria-labelledby={`h-${c.slug}`}>
          <h2 id={`h-${c.slug}`}>{t("compendium.chapter", { n: index + 1, title: c.title })}</h2>
          <p className="meta">
            {[
              c.baseName,
              c.province ? t(`bases:provinces.${c.province}`) : "",
              c.industry ? t(`bases:industries.${c.industry}`) : "",
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
          {c.translated ? null : <p className="meta">{t("compendium.untranslated")}</p>}
          {c.summary ? (
            <p>
              <strong>{c.summary}</strong>
            </p>
          ) : null}
          {c.note ? (
            <p className="collection-note">
              <strong>{t("editorNote")}</strong> {c.note}
            </p>
          ) : null}
          {c.metrics.length ? (
            <>
              <h3>{t("cases:metrics.title")}</h3>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t("cases:form.metricLabel")}</th>
                    <th scope="col">{t("cases:metrics.before")}</th>
                    <th scope="col">{t("cases:metrics.after")}</th>
                    <th scope="col">{t("cases:form.metricUnit")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.metrics.map((m, i) => (
                    <tr key={i}>
                      <td>{m.label}</td>
                      <td>{m.before}</td>
                      <td>{m.after}</td>
                      <td>{m.unit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {c.sections.map((s) => (
            <section key={s.name}>
              <h3>{t(`cases:sections.${s.name}`)}</h3>
              <div className="rich-text" dangerouslySetInnerHTML={{ __html: s.html }} />
            </section>
          ))}
          <figure className="compendium-link">
            {/* The SVG comes from the qrcode library, built from our own URL. */}
            <div
              className="compendium-qr"
              role="img"
              aria-label={t("compendium.qrLabel", { title: c.title })}
              dangerouslySetInnerHTML={{ __html: c.qr }}
            />
            <figcaption>
              {t("compendium.online")} <a href={c.url}>{c.url}</a>
            </figcaption>
          </figure>
        </section>
      ))}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [{ title: data?.meta.title ?? "" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
