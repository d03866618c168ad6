// One base: names in both languages, industry, place, description in the page's
// language (the other one a click away) and its verified members.
import { AppLink } from "~/components/app-link.tsx";
import { buildPublicMeta } from "~/utils/page-meta.server.ts";
import { publicMeta, routeMeta } from "~/utils/page-meta.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CaseCardList } from "~/components/case-card.tsx";
import { FollowButton } from "~/components/follow-button.tsx";
import { listCases, toCaseCard } from "~/models/case.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { getBaseBySlug } from "~/models/base.server.ts";
import { inMarkupOnly } from "~/utils/markup-once.ts";
import { adoptionsOfBase } from "~/models/adoption.server.ts";
import { BaseAdoptions } from "./base-adoptions.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const t = tFor(context.locale);
  const slug = params.slug ?? "";
  const user = context.user;
  // The base, whether it has adoptions and whether the member follows it: one statement (ADR 082).
  const found = /^[a-z0-9-]{1,120}$/.test(slug) ? await getBaseBySlug(slug, user?.id) : null;
  if (!found) {
    throw new Response(JSON.stringify({ message: t("bases:detail.notFound") }), {
      status: 404,
      headers: { "Content-Type": "application/json" },
    });
  }
  const { base, hasAdoptions, viewerFollows } = found;
  const en = context.locale === "en";
  const [cases, adoptions] = await Promise.all([
    listCases({ base: base.slug }, { take: 6 }),
    hasAdoptions ? adoptionsOfBase(base.id) : { adopted: [], adoptedFrom: [] },
  ]);
  const following = viewerFollows ?? false;
  // The cards travel in the markup only (ADR 072): a document's data leaves them out.
  return inMarkupOnly(
    {
      base,
      cases: cases.cases.map((c) => toCaseCard(c, context.locale)),
      caseCount: cases.total,
      casesShown: cases.cases.length,
      adoptions,
      viewer: user
        ? { signedIn: true, affiliatedHere: user.baseVerified && user.baseId === base.id, following }
        : { signedIn: false, affiliatedHere: false, following: false },
      meta: {
        ...buildPublicMeta(request, context.locale, {
          heading: en ? base.nameEn : base.nameZh,
          description: (en ? base.descriptionEn : base.descriptionZh).slice(0, 160),
        }),
        feedTitle: t("feeds:baseTitle", { base: en ? base.nameEn : base.nameZh }),
      },
    },
    ["cases"],
    context.document,
  );
}

export default function BasePage() {
  const { base, viewer, cases, caseCount, casesShown, adoptions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("bases");
  const en = i18n.language === "en";
  const otherLang = en ? "zh-CN" : "en";
  const description = en ? base.descriptionEn : base.descriptionZh;
  const otherDescription = en ? base.descriptionZh : base.descriptionEn;
  return (
    <article aria-labelledby="base-title">
      <p className="meta">
        <AppLink to="/bases">{t("detail.backToDirectory")}</AppLink>
      </p>
      {/* The other-language name sits with the title, so the follow button, when it
          wraps under them on a phone, never covers it (issue 12.7). */}
      <div className="title-row">
        <div className="title-block">
          <h1 id="base-title">{en ? base.nameEn : base.nameZh}</h1>
          <p className="meta base-other-name" lang={otherLang}>
            {en ? base.nameZh : base.nameEn}
          </p>
        </div>
        <FollowButton targetType="base" targetId={base.id} following={viewer.following} signedIn={viewer.signedIn} />
      </div>
      {base.isDemo ? <p className="tag tag-demo">{t("common:demo")}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t("detail.industry")}</dt>
          <dd>
            <AppLink to={`/bases?industry=${base.industry}`}>{t(`industries.${base.industry}`)}</AppLink>
          </dd>
        </div>
        <div>
          <dt>{t("detail.province")}</dt>
          <dd>
            <AppLink to={`/bases?province=${base.province}`}>{t(`provinces.${base.province}`)}</AppLink>
          </dd>
        </div>
        <div>
          <dt>{t("detail.city")}</dt>
          <dd>
            {en ? base.cityEn : base.cityZh}
            <span className="meta" lang={otherLang}>
              {" "}
              ({en ? base.cityZh : base.cityEn})
            </span>
          </dd>
        </div>
      </dl>

      <section aria-labelledby="base-about">
        <h2 id="base-about">{t("detail.about")}</h2>
        {description ? <p className="prose">{description}</p> : <p className="meta">{t("detail.noDescription")}</p>}
        {otherDescription ? (
          <details className="other-language">
            <summary>{t("detail.otherLanguage")}</summary>
            <p lang={otherLang} className="prose">
              {otherDescription}
            </p>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="base-cases">
        <h2 id="base-cases">{t("cases:list.count", { count: caseCount })}</h2>
        <CaseCardList cards={cases} id="base-case-list" headingLevel={3} />
        {caseCount > casesShown ? (
          <p>
            <AppLink to={`/cases?base=${base.slug}`}>{t("detail.allCases")}</AppLink>
          </p>
        ) : null}
      </section>

      <BaseAdoptions adopted={adoptions.adopted} adoptedFrom={adoptions.adoptedFrom} />

      <section aria-labelledby="base-members">
        <h2 id="base-members">{t("detail.members", { count: base.members.length })}</h2>
        {base.members.length ? (
          <ul className="member-list">
            {base.members.map((m) => (
              <li key={m.id}>
                <AppLink to={`/u/${m.username}`}>{m.displayName}</AppLink>{" "}
                <span
                  className="badge-verified"
                  title={t("common:verifiedBadgeTitle", { base: en ? base.nameEn : base.nameZh })}
                >
                  {t("common:verifiedBadge")}
                </span>
                {m.role === "admin" || m.role === "moderator" ? (
                  <span className="tag"> {t(m.role === "admin" ? "common:adminBadge" : "common:moderatorBadge")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="meta">{t("detail.noMembers")}</p>
        )}
        {viewer.affiliatedHere ? (
          <p className="notice">{t("detail.youAreMember")}</p>
        ) : viewer.signedIn ? (
          <p>
            <AppLink to={`/affiliation?base=${base.slug}`} className="button button-secondary">
              {t("detail.requestAffiliation")}
            </AppLink>
          </p>
        ) : (
          <p>
            <AppLink to={`/login?redirectTo=${encodeURIComponent(`/affiliation?base=${base.slug}`)}`}>
              {t("detail.loginToRequest")}
            </AppLink>
          </p>
        )}
      </section>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = routeMeta(({ data }) =>
  data
    ? [
        ...publicMeta(data.meta),
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          href: `/bases/${data.base.slug}/atom`,
          title: data.meta.feedTitle,
        },
      ]
    : [],
);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
