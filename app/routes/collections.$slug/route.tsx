// /collections/:slug — a typical-case collection: its introduction, then each
// case in the editor's order with the editor's note; links to the Word
// compendium, the printable view and the Atom feed. A draft is staff-only.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions.ts";
import { CaseCardView } from "~/components/case-card.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { renderDocHtml } from "~/editor/render.server.ts";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { tFor } from "~/i18n/i18n.server.ts";
import { toCaseCard } from "~/models/case.server.ts";
import { collectionTitle, getCollection } from "~/models/collection.server.ts";
import { formatDate } from "~/utils/format.ts";
import { routeMeta } from "~/utils/page-meta.ts";

export const links: LinksFunction = () => editorLinks();

export async function loader({ params, context }: LoaderFunctionArgs) {
  const c = params.slug ? await getCollection(params.slug) : null;
  const staff = can(context.user, "manage:collection:any");
  if (!c || (c.status !== "published" && !staff)) throw new Response("Not found", { status: 404 });
  const locale = context.locale;
  const en = locale === "en";
  const t = tFor(locale);
  const title = collectionTitle(c, locale);
  const introJson = en && c.introductionEn ? c.introductionEn : c.introduction;
  return {
    collection: {
      slug: c.slug,
      title,
      status: c.status,
      publishedAt: c.publishedAt?.toISOString() ?? null,
      introductionHtml: renderDocHtml(JSON.parse(introJson), "case", {
        cacheKey: `collection:${c.id}:${c.updatedAt.getTime()}:${en && c.introductionEn ? "en" : "zh"}`,
      }),
      call: c.call ? { slug: c.call.slug, title: en && c.call.titleEn ? c.call.titleEn : c.call.title } : null,
    },
    items: c.items
      .filter((i) => i.case.status === "published" && !i.case.deletedAt)
      .map((i) => ({ note: en && i.noteEn ? i.noteEn : i.note, card: toCaseCard(i.case, locale) })),
    staff,
    canExport: can(context.user, "export:compendium:any"),
    meta: { title: `${title} · ${t("common:appName")}`, feedTitle: t("collections:feedTitle", { title }) },
  };
}

export default function CollectionPage() {
  const { collection, items, staff, canExport } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("collections");
  return (
    <article className="collection-page">
      <p className="meta">
        <Link to="/collections">{t("list.title")}</Link>
      </p>
      <h1>{collection.title}</h1>
      <p className="meta">
        <span className="tag tag-typical">{t("typical")}</span>{" "}
        {collection.status !== "published" ? <span className="tag">{t(`status.${collection.status}`)}</span> : null}
        {collection.publishedAt ? formatDate(collection.publishedAt, i18n.language, "long-date") : null} ·{" "}
        {t("caseCount", { count: items.length })}
        {collection.call ? (
          <>
            {" · "}
            {t("fromCall")} <Link to={`/calls/${collection.call.slug}`}>{collection.call.title}</Link>
          </>
        ) : null}
      </p>
      <p className="actions">
        {canExport ? (
          <>
            <a href={`/collections/${collection.slug}/compendium.docx`} download>
              {t("compendium.docx")}
            </a>
            <a href={`/collections/${collection.slug}/compendium.docx?lang=en`} download>
              {t("compendium.docxEn")}
            </a>
          </>
        ) : null}
        <a href={`/collections/${collection.slug}/print`}>{t("compendium.print")}</a>
        {collection.status === "published" ? <a href={`/collections/${collection.slug}/atom`}>{t("feed")}</a> : null}
        {staff ? <Link to={`/collections/${collection.slug}/edit`}>{t("list.edit")}</Link> : null}
      </p>
      <div className="rich-text" dangerouslySetInnerHTML={{ __html: collection.introductionHtml }} />
      <section aria-labelledby="collection-cases">
        <h2 id="collection-cases">{t("cases")}</h2>
        <ol className="collection-items">
          {items.map((i) => (
            <li key={i.card.slug}>
              <CaseCardView card={i.card} headingLevel={3} />
              {i.note ? (
                <p className="collection-note">
                  <strong>{t("editorNote")}</strong> {i.note}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) => [
  { title: data?.meta.title ?? "" },
  ...(data?.collection.status === "published"
    ? [
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          href: `/collections/${data.collection.slug}/atom`,
          title: data.meta.feedTitle,
        },
      ]
    : []),
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
