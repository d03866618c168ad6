import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { baseName } from "~/models/base.server.ts";
import { profileByUsername } from "~/models/user.server.ts";
import { CaseCardView } from "~/components/case-card.tsx";
import { countCases, listCases, toCaseCard } from "~/models/case.server.ts";
import { formatDate } from "~/utils/format.ts";

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const profile = await profileByUsername(params.username ?? "");
  if (!profile) throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  const viewer = context.user;
  const joined = formatDate(profile.createdAt, context.locale, "long-date");
  const [cases, caseCount] = await Promise.all([
    listCases({ author: profile.id }, { take: 20 }),
    countCases({ author: profile.id }),
  ]);
  const base =
    profile.base && profile.baseVerifiedAt
      ? { slug: profile.base.slug, name: baseName(profile.base, context.locale) }
      : null;
  return {
    profile: {
      username: profile.username,
      displayName: profile.displayName,
      role: profile.role,
      isDemo: profile.isDemo,
      joined,
      base,
    },
    cases: cases.cases.map((c) => toCaseCard(c, context.locale)),
    caseCount,
    canEdit: !!viewer && (viewer.id === profile.id || can(viewer, "update:user:any")),
    saved: new URL(request.url).searchParams.get("notice") === "saved",
    meta: { title: `${profile.displayName} (@${profile.username}) · ${t("common:appName")}` },
  };
}

export default function ProfilePage() {
  const { profile, canEdit, saved, cases, caseCount } = useLoaderData<typeof loader>();
  const { t } = useTranslation("account");
  const { t: tc } = useTranslation("common");
  return (
    <article className="profile" aria-labelledby="profile-name">
      {saved ? (
        <p className="notice" role="status">
          {t("profile.saved")}
        </p>
      ) : null}
      <header className="profile-header">
        <div className="profile-avatar" aria-hidden="true">
          {[...profile.displayName][0]}
        </div>
        <div>
          <h1 id="profile-name">{profile.displayName}</h1>
          <p className="meta">
            {t("profile.username", { username: profile.username })}
            {profile.role === "admin" ? <span className="tag tag-role">{tc("adminBadge")}</span> : null}
            {profile.role === "moderator" ? <span className="tag tag-role">{tc("moderatorBadge")}</span> : null}
            {profile.isDemo ? <span className="tag tag-demo">{t("profile.demo")}</span> : null}
          </p>
          {profile.base ? (
            <p>
              <span className="badge-verified" title={tc("verifiedBadgeTitle", { base: profile.base.name })}>
                {tc("verifiedBadge")}
              </span>{" "}
              <Link to={`/bases/${profile.base.slug}`}>{t("profile.verifiedBase", { base: profile.base.name })}</Link>
            </p>
          ) : null}
          <p className="meta">{t("profile.joined", { date: profile.joined })}</p>
          {canEdit ? (
            <p>
              <Link to={`/u/${profile.username}/edit`} className="button button-secondary button-small">
                {t("profile.edit")}
              </Link>
            </p>
          ) : null}
        </div>
      </header>
      <section aria-labelledby="profile-cases">
        <h2 id="profile-cases">{tc("cases:list.count", { count: caseCount })}</h2>
        <div className="case-list">
          {cases.map((c) => (
            <CaseCardView key={c.slug} card={c} headingLevel={3} />
          ))}
        </div>
      </section>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
