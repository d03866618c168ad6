import { AppLink } from "~/components/app-link.tsx";
import { buildPublicMeta } from "~/utils/page-meta.server.ts";
import { publicMeta } from "~/utils/page-meta.ts";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  type ClientLoaderFunctionArgs,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { isSharedRenderPage, viewerState, withCaseViewerState } from "~/features/viewer-state.ts";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions.ts";
import { renderDocHtml } from "~/editor/render.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { baseName, cityName } from "~/models/base.server.ts";
import { SECTIONS } from "~/models/case-content.ts";
import {
  canDeleteCase,
  canEditCase,
  findCaseBySlug,
  getPublishedCase,
  getPublishedCaseBySlug,
} from "~/models/case.server.ts";
import { relatedCases } from "~/models/search.server.ts";
import { topicName } from "~/models/topic.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { editorLinks } from "~/editor/rich-text-field.tsx";
import { metricsChartSvg } from "~/features/charts/metrics-chart.server.ts";
import { discussionAction, loadDiscussion, readDiscussionForm } from "~/features/discussion/discussion.server.ts";
import { Discussion, VoteButton } from "~/features/discussion/discussion.tsx";
import { FollowButton } from "~/components/follow-button.tsx";
import type { FormResult } from "~/features/discussion/comment-form.tsx";
import { formatDate } from "~/utils/format.ts";
import { adoptionViewerState, basedOn, caseAdoptions } from "~/models/adoption.server.ts";
import { Adoptions, BasedOn } from "./adoptions.tsx";
import { caseJsonLd } from "./json-ld.server.ts";
import { PublishedNotice } from "./published-notice.tsx";
import { jsonImagesWithoutAlt } from "~/editor/alt-text.ts";
import { CaseAttachments } from "./attachments.tsx";
import { listAttachments } from "~/models/attachment.server.ts";
import { retryAfterHeaders } from "~/utils/route-headers.ts";
import { BookmarkButton } from "~/components/bookmark-button.tsx";
import { ShareBox } from "~/components/share-box.tsx";
import { qrSvg } from "~/utils/qr.server.ts";
import { inMarkupOnly, markupHtml } from "~/utils/markup-once.ts";
import { canTranslateCase, contentLanguageOf, readTranslation } from "~/models/case-translation.server.ts";

export const links: LinksFunction = () => editorLinks();

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  // One statement for a current slug (ADR 079); an old slug is followed to the current one.
  // In the members' shared render (context.sharedRender) there is no user: a
  // case only some may see answers 404 there and is rendered for the member.
  const user = context.user;
  const shared = context.sharedRender;
  let c = params.slug ? await getPublishedCaseBySlug(params.slug, user?.id) : undefined;
  if (c === undefined) {
    const found = params.slug ? await findCaseBySlug(params.slug) : null;
    if (!found) throw new Response("Not found", { status: 404 });
    if (found.redirectTo) throw redirect(`/cases/${found.redirectTo}`, 301);
    c = await getPublishedCase(found.id, user?.id);
  }
  if (!c) {
    // Never published: only its author (or a moderator) gets somewhere.
    if (user) throw redirect(`/cases/${params.slug}/edit`);
    throw new Response("Not found", { status: 404 });
  }
  const moderator = can(user, "hide:case:any");
  if (c.deletedAt && !moderator) throw new Response("Not found", { status: 404 });
  // Hidden, or waiting for approval (ADR 035): its author and moderators only.
  if ((c.status === "hidden" || c.status === "pending") && !moderator && c.authorId !== user?.id)
    throw new Response("Not found", { status: 404 });

  const locale = context.locale;
  const t = tFor(locale);
  const key = `${c.id}:${c.revisionNumber}`;
  // Readers get the case in their language when it is written in it or translated
  // into it (issue 12.1); an untranslated section stays in the original, marked with lang.
  const contentLanguage = contentLanguageOf(c.contentLanguage);
  const translation = locale !== contentLanguage ? await readTranslation(c.id, locale) : null;
  // A document's data leaves the HTML strings to its markup (ADR 065, markup-once.ts): the
  // sections, the chart, the QR code and the JSON-LD were ~60 % of the page's serialized data.
  const isDocument = context.document;
  const sections = SECTIONS.map((s) => {
    const translated = translation?.sections[s];
    if (translated) {
      return {
        name: s,
        lang: locale,
        html: renderDocHtml(translated, "case", { cacheKey: `${c.id}:t${translation.revisionNumber}:${locale}:${s}` }),
      };
    }
    return {
      name: s,
      lang: contentLanguage,
      html: c.content.sections[s] ? renderDocHtml(c.content.sections[s], "case", { cacheKey: `${key}:${s}` }) : "",
    };
  })
    .filter((s) => s.html)
    .map((s) => inMarkupOnly(s, ["html"], isDocument));
  const chart = metricsChartSvg(
    c.content.metrics,
    { before: t("cases:metrics.before"), after: t("cases:metrics.after"), title: t("cases:metrics.title") },
    `${key}:${locale}`,
  );
  // Independent reads, side by side. The case's read said which lists it has at all: no
  // statement for an empty one (ADR 079).
  const [relatedHits, discussion, following, attachments, bookmarked, adoptions, basedOnCases, adoption] =
    await Promise.all([
      relatedCases(c.id, 4),
      loadDiscussion(c, new URL(request.url), user, { document: context.document }),
      c.viewerState?.following ?? false,
      c.hasAttachments ? listAttachments(c.id) : [],
      (!shared && c.viewerState?.bookmarked) ?? false,
      caseAdoptions(c.id, undefined, c.adoptionCount),
      c.hasBasedOn ? basedOn(c.id) : [],
      // The shared render offers recording an adoption, as to a member of another
      // base; the member's own state (viewer-state) then says what they may do.
      shared ? { refusal: null, own: null } : adoptionViewerState(user, c.id, c.base?.id ?? null),
    ]);
  const related = relatedHits.map((r) => ({
    slug: r.slug,
    title: locale === "en" && r.titleEn ? r.titleEn : r.title,
    baseName: locale === "en" ? r.baseNameEn : r.baseNameZh,
  }));
  const legacyEn = locale === "en" && contentLanguage !== "en";
  const title = translation?.title ?? (legacyEn && c.titleEn ? c.titleEn : c.title);
  const titleLang = translation || (legacyEn && c.titleEn) ? locale : contentLanguage;
  const summary = translation?.summary ?? (legacyEn && c.summaryEn ? c.summaryEn : c.summary);
  const summaryLang = translation || (legacyEn && c.summaryEn) ? locale : contentLanguage;
  // The permalink: a later title change moves the slug, and the old one stays a redirect (CaseSlug).
  const caseUrl = `${appOrigin()}/cases/${c.slug}`;
  const shareable = c.status === "published" && !c.deletedAt;
  const readable = locale === contentLanguage || Boolean(translation);
  const data = {
    case: {
      id: c.id,
      slug: c.slug,
      title,
      titleLang,
      originalTitle: title !== c.title ? c.title : null,
      summary,
      summaryLang,
      contentLanguage,
      // The reader's language, when the case is not available in it: the page says so.
      untranslated: readable ? null : locale,
      translatedFrom: translation ? contentLanguage : null,
      status: c.status,
      deleted: Boolean(c.deletedAt),
      hiddenReason: c.hiddenReason,
      lockedReason: c.lockedAt ? (c.lockedReason ?? "") : null,
      stage: c.stage,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      publishedAt: c.publishedAt ? new Date(c.publishedAt).toISOString() : null,
      revisionAt: new Date(c.revisionAt).toISOString(),
      revisionNumber: c.revisionNumber,
      helpfulCount: c.helpfulCount,
      commentCount: c.commentCount,
      isDemo: c.isDemo,
      // In a published typical-case collection (ADR 025).
      typicalAt: c.typicalAt ? new Date(c.typicalAt).toISOString() : null,
      base: c.base
        ? {
            slug: c.base.slug,
            name: baseName(c.base, locale),
            city: cityName(c.base, locale),
            industry: c.base.industry,
            province: c.base.province,
          }
        : null,
      author: { username: c.author.username, displayName: c.author.displayName },
      topics: c.topics.map(({ topic }) => ({ slug: topic.slug, name: topicName(topic, locale) })),
      metrics: c.content.metrics,
      // Publishing warns about images without a text alternative (issue 12.5).
      imagesWithoutAlt: SECTIONS.reduce((n, s) => n + jsonImagesWithoutAlt(c.content.sections[s]), 0),
    },
    sections,
    attachments,
    chart,
    related,
    can: {
      edit: canEditCase(user, c),
      delete: canDeleteCase(user, c),
      moderate: moderator,
      translate: !c.deletedAt && canTranslateCase(user, c),
    },
    discussion,
    following,
    bookmarked,
    share: shareable
      ? inMarkupOnly(
          { url: caseUrl, qrSvg: await qrSvg(caseUrl), pngHref: `/cases/${c.slug}/qr.png` },
          ["qrSvg"],
          isDocument,
        )
      : null,
    adoptions,
    basedOn: basedOnCases,
    adoption,
    jsonLd: caseJsonLd(c, { url: caseUrl, title, summary, locale }),
    // The shared render shows what a verified member sees; the browser then asks
    // for this member's own state (clientLoader below).
    viewer: shared
      ? { signedIn: true, verified: true, isCaseAuthor: false }
      : { signedIn: Boolean(user), verified: Boolean(user?.emailVerified), isCaseAuthor: user?.id === c.authorId },
    shared,
    meta: buildPublicMeta(request, locale, {
      heading: title,
      description: summary,
      type: "article",
      image: `${caseUrl}/og.png${locale === "en" ? "?lang=en" : ""}`,
      imageAlt: title,
    }),
  };
  // No chart stays null in the data: the page then renders no figure to read one back from.
  return inMarkupOnly(data, chart ? ["chart", "jsonLd"] : ["jsonLd"], isDocument);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const found = params.slug ? await findCaseBySlug(params.slug) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  const slug = found.redirectTo ?? params.slug!;
  const form = await readDiscussionForm(request);
  return discussionAction({ request, context, caseId: found.id, slug, form });
}

/**
 * A shared render (server/page-cache.ts) is made personal here, after the page
 * has loaded: this member's votes, follows, own comments and moderation controls
 * come from /resources/viewer-state. Every other load (client navigation,
 * revalidation after a post, a member without JavaScript) is already personal.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  if (!data.shared) return data;
  const state = (await viewerState()).case;
  return state ? withCaseViewerState(data, state) : data;
}
clientLoader.hydrate = isSharedRenderPage();

/**
 * A helpful vote sent with JavaScript comes back with the new count and state,
 * which its fetcher shows; reloading the whole page's data for it (the heaviest
 * loader there is, on a 200-comment thread) would change nothing on screen.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "vote" && formData.get("js") === "1" ? false : defaultShouldRevalidate;

export default function CasePageRoute() {
  return <CasePage data={useLoaderData<typeof loader>()} />;
}

type CasePageData = Awaited<ReturnType<typeof loader>>;

function CasePage({ data }: { data: CasePageData }) {
  const { case: c, sections, chart, related, can: allowed, discussion, viewer, following, adoptions } = data;
  const actionData = useActionData<FormResult>();
  const { t, i18n } = useTranslation("cases");
  const dateFmt = (iso: string) => formatDate(iso, i18n.language, "long-date");
  const pageLang = i18n.language;
  return (
    <article className="case-page" aria-labelledby="case-title">
      {/* Structured data for search engines: a data block, which the CSP does not treat as script. */}
      <script
        id="case-json-ld"
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: markupHtml(data.jsonLd, "case-json-ld") }}
      />
      <PublishedNotice imagesWithoutAlt={c.imagesWithoutAlt} editHref={`/cases/${c.slug}/edit`} />
      {c.deleted ? <p className="warning">{t("page.deletedNotice")}</p> : null}
      {c.status === "hidden" ? (
        <p className="warning">{t("page.hiddenNotice", { reason: c.hiddenReason ?? "" })}</p>
      ) : null}
      {c.status === "pending" ? <p className="notice">{t("moderation:pendingCase")}</p> : null}
      <header className="case-header">
        <p className="meta">
          {c.topics.map((topic) => (
            <AppLink key={topic.slug} to={`/topics/${topic.slug}`} className="tag">
              {topic.name}
            </AppLink>
          ))}
          {c.isDemo ? <span className="tag tag-demo">{t("common:demo")}</span> : null}
          {c.typicalAt ? (
            <AppLink
              to="/collections"
              className="tag tag-typical"
              title={t("collections:typicalSince", { date: formatDate(c.typicalAt, i18n.language) })}
            >
              {t("collections:typical")}
            </AppLink>
          ) : null}
        </p>
        <h1 id="case-title" lang={c.titleLang !== pageLang ? c.titleLang : undefined}>
          {c.title}
        </h1>
        {c.originalTitle ? (
          <p className="meta" lang={c.contentLanguage !== pageLang ? c.contentLanguage : undefined}>
            {c.originalTitle}
          </p>
        ) : null}
        {c.untranslated ? (
          <p className="notice language-notice" role="note">
            {t("language:notice.untranslated", { language: t(`language:names.${c.contentLanguage}`) })}
            {allowed.translate ? (
              <>
                {" "}
                <AppLink to={`/cases/${c.slug}/translation`}>
                  {t("language:notice.translate", { language: t(`language:names.${c.untranslated}`) })}
                </AppLink>
              </>
            ) : null}
          </p>
        ) : null}
        {c.translatedFrom ? (
          <p className="meta language-notice">
            {t("language:notice.translated", { language: t(`language:names.${c.translatedFrom}`) })}{" "}
            <a href={`/cases/${c.slug}?lang=${c.translatedFrom}`} hrefLang={c.translatedFrom}>
              {t("language:notice.readOriginal")}
            </a>
          </p>
        ) : null}
        <p className="case-summary" lang={c.summaryLang !== pageLang ? c.summaryLang : undefined}>
          {c.summary}
        </p>
        <dl className="case-facts">
          {c.base ? (
            <div>
              <dt>{t("page.base")}</dt>
              <dd>
                <AppLink to={`/bases/${c.base.slug}`}>{c.base.name}</AppLink>
                <span className="meta">
                  {" "}
                  · {t(`bases:industries.${c.base.industry}`)} · {t(`bases:provinces.${c.base.province}`)} {c.base.city}
                </span>
              </dd>
            </div>
          ) : null}
          {c.stage ? (
            <div>
              <dt>{t("page.stage")}</dt>
              <dd>{t(`stages.${c.stage}`)}</dd>
            </div>
          ) : null}
          {c.periodStart ? (
            <div>
              <dt>{t("page.period")}</dt>
              <dd>
                {c.periodEnd && c.periodEnd !== c.periodStart ? `${c.periodStart}–${c.periodEnd}` : c.periodStart}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t("page.author")}</dt>
            <dd>
              {c.author.username.startsWith("~") ? (
                t("privacy:deletedMember")
              ) : (
                <AppLink to={`/u/${c.author.username}`}>{c.author.displayName}</AppLink>
              )}
            </dd>
          </div>
          {c.publishedAt ? (
            <div>
              <dt>{t("page.published")}</dt>
              <dd>
                <time dateTime={c.publishedAt}>{dateFmt(c.publishedAt)}</time>
                {c.revisionNumber > 1 ? (
                  <>
                    {" · "}
                    <AppLink to={`/cases/${c.slug}/history`}>
                      {t("page.updated", { date: dateFmt(c.revisionAt) })}
                    </AppLink>
                  </>
                ) : null}
              </dd>
            </div>
          ) : null}
        </dl>
        <div className="case-vote no-print">
          <VoteButton
            targetType="case"
            count={c.helpfulCount}
            voted={discussion.caseVoted}
            enabled={viewer.verified && !viewer.isCaseAuthor}
            big
          />
          <FollowButton targetType="case" targetId={c.id} following={following} signedIn={viewer.signedIn} />
          <BookmarkButton caseId={c.id} bookmarked={data.bookmarked} signedIn={viewer.signedIn} />
        </div>
        <p className="actions no-print">
          {viewer.signedIn && !viewer.isCaseAuthor && c.status === "published" ? (
            <AppLink to={`/report?type=case&id=${c.id}`} className="button button-secondary button-small">
              {t("moderation:report.caseLink")}
            </AppLink>
          ) : null}
          {allowed.moderate ? (
            <AppLink to={`/cases/${c.slug}/moderate`} className="button button-secondary button-small">
              {t("moderation:caseModeration.link")}
            </AppLink>
          ) : null}
        </p>
        {allowed.edit || allowed.delete || allowed.translate ? (
          <p className="actions no-print">
            {allowed.edit ? (
              <AppLink to={`/cases/${c.slug}/edit`} className="button button-small">
                {t("page.edit")}
              </AppLink>
            ) : null}
            {allowed.translate ? (
              <AppLink to={`/cases/${c.slug}/translation`} className="button button-secondary button-small">
                {t("language:translation.link")}
              </AppLink>
            ) : null}
            <AppLink to={`/cases/${c.slug}/history`} className="button button-secondary button-small">
              {t("page.history")}
            </AppLink>
            {allowed.delete && !c.deleted ? (
              <AppLink to={`/cases/${c.slug}/delete`} className="button button-secondary button-small">
                {t("page.delete")}
              </AppLink>
            ) : null}
          </p>
        ) : null}
      </header>

      {c.metrics.length > 0 ? (
        <section aria-labelledby="metrics-title" className="case-metrics">
          <h2 id="metrics-title">{t("metrics.title")}</h2>
          {/* Undefined (not null) when a document's data left it to the markup. */}
          {chart !== null ? (
            <figure
              id="case-chart"
              className="metrics-chart"
              aria-hidden="true"
              dangerouslySetInnerHTML={{ __html: markupHtml(chart, "case-chart") }}
            />
          ) : null}
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t("metrics.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("metrics.label")}</th>
                  <th scope="col">{t("metrics.before")}</th>
                  <th scope="col">{t("metrics.after")}</th>
                  <th scope="col">{t("metrics.source")}</th>
                </tr>
              </thead>
              <tbody>
                {c.metrics.map((m, i) => (
                  <tr key={i}>
                    <th scope="row">
                      {m.label}
                      {m.unit ? <span className="meta"> ({m.unit})</span> : null}
                    </th>
                    <td>{m.before || "—"}</td>
                    <td>{m.after}</td>
                    <td>{m.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <BasedOn items={data.basedOn} />

      {sections.map((s) => (
        <section key={s.name} aria-labelledby={`section-${s.name}`} className="case-section">
          <h2 id={`section-${s.name}`}>{t(`sections.${s.name}`)}</h2>
          {/* Rendered on the server from a document checked against the editor schema. */}
          <div
            id={`section-${s.name}-text`}
            className="rich-text"
            lang={s.lang !== pageLang ? s.lang : undefined}
            dangerouslySetInnerHTML={{ __html: markupHtml(s.html, `section-${s.name}-text`) }}
          />
        </section>
      ))}

      <CaseAttachments items={data.attachments} />

      <Adoptions slug={c.slug} count={adoptions.count} items={adoptions.items} viewer={data.adoption} />

      {/* By name: a spread would drop the QR code a document's data leaves to the markup. */}
      {data.share ? <ShareBox url={data.share.url} qrSvg={data.share.qrSvg} pngHref={data.share.pngHref} /> : null}

      <Discussion
        slug={c.slug}
        commentCount={c.commentCount}
        threads={discussion.threads}
        nextCursor={discussion.nextCursor}
        cursor={discussion.cursor}
        sort={discussion.sort}
        focus={discussion.focus}
        mostUseful={discussion.mostUseful}
        viewer={viewer}
        failure={actionData && !actionData.ok ? actionData : null}
        lockedReason={c.lockedReason}
      />

      {related.length > 0 ? (
        <aside aria-labelledby="related-title" className="related no-print">
          <h2 id="related-title">{t("search:related")}</h2>
          <ul className="plain-list">
            {related.map((r) => (
              <li key={r.slug}>
                <AppLink to={`/cases/${r.slug}`}>{r.title}</AppLink> <span className="meta">{r.baseName}</span>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  return [
    ...publicMeta(data.meta),
    ...(data.case.publishedAt ? [{ property: "article:published_time", content: data.case.publishedAt }] : []),
  ];
};

/** A 429 from a discussion form carries Retry-After to the browser too (issue 10.5). */
export const headers = retryAfterHeaders;
