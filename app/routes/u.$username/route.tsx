import { AppLink } from "~/components/app-link.tsx";
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/auth/permissions.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { baseName } from "~/models/base.server.ts";
import { profileByUsername } from "~/models/user.server.ts";
import { CaseCardList } from "~/components/case-card.tsx";
import { listCases, toCaseCard } from "~/models/case.server.ts";
import { listBookmarks } from "~/models/bookmark.server.ts";
import { memberComments } from "~/models/profile.server.ts";
import { formatDate } from "~/utils/format.ts";

const CASES_PER_PAGE = 10;
const COMMENTS_PER_PAGE = 10;
const BOOKMARKS_PER_PAGE = 10;

/** A 1-based page number from the query; anything else is page 1. */
function pageParam(url: URL, name: string): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return 1;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new Response("Not found", { status: 404 });
  return n;
}

function pages(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const profile = await profileByUsername(params.username ?? "");
  if (!profile) throw new Response("Not found", { status: 404 });
  const t = tFor(context.locale);
  const locale = context.locale;
  const viewer = context.user;
  const url = new URL(request.url);
  const own = viewer?.id === profile.id;
  const joined = formatDate(profile.createdAt, locale, "long-date");
  const cursor = url.searchParams.get("cursor");
  const commentsPage = pageParam(url, "comments");
  const bookmarksPage = own ? pageParam(url, "bookmarks") : 1;
  const [cases, comments, bookmarks] = await Promise.all([
    listCases({ author: profile.id }, { take: CASES_PER_PAGE, cursor: cursor && cursor.length <= 200 ? cursor : null }),
    memberComments(profile.id, locale, { page: commentsPage, perPage: COMMENTS_PER_PAGE }),
    // Bookmarks are private (ADR 038): only their owner sees them, here.
    own ? listBookmarks(profile.id, locale, { page: bookmarksPage, perPage: BOOKMARKS_PER_PAGE }) : null,
  ]);
  // A page past the end goes to the last one rather than showing an empty list.
  const lastComments = pages(comments.total, COMMENTS_PER_PAGE);
  const lastBookmarks = bookmarks ? pages(bookmarks.total, BOOKMARKS_PER_PAGE) : 1;
  if (commentsPage > lastComments || bookmarksPage > lastBookmarks) {
    const next = new URLSearchParams(url.search);
    if (commentsPage > lastComments) next.set("comments", String(lastComments));
    if (bookmarksPage > lastBookmarks) next.set("bookmarks", String(lastBookmarks));
    throw redirect(`/u/${profile.username}?${next}`);
  }
  const base =
    profile.base && profile.baseVerifiedAt ? { slug: profile.base.slug, name: baseName(profile.base, locale) } : null;
  return {
    profile: {
      username: profile.username,
      displayName: profile.displayName,
      title: profile.title,
      bio: profile.bio,
      role: profile.role,
      isDemo: profile.isDemo,
      joined,
      base,
    },
    cases: cases.cases.map((c) => toCaseCard(c, locale)),
    nextCursor: cases.nextCursor,
    firstCasesPage: !cursor,
    caseCount: cases.total,
    comments: { ...comments, page: commentsPage, pages: lastComments },
    bookmarks: bookmarks ? { ...bookmarks, page: bookmarksPage, pages: lastBookmarks } : null,
    canEdit: !!viewer && (own || can(viewer, "update:user:any")),
    saved: url.searchParams.get("notice") === "saved",
    meta: { title: `${profile.displayName} (@${profile.username}) · ${t("common:appName")}` },
  };
}

/** Previous/next for one list of the page, keeping the other lists' positions. */
function ListPager({ name, page, pages, label }: { name: string; page: number; pages: number; label: string }) {
  const { t } = useTranslation("profile");
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.delete("notice");
    if (p <= 1) params.delete(name);
    else params.set(name, String(p));
    const qs = params.toString();
    return `${location.pathname}${qs ? `?${qs}` : ""}#profile-${name}`;
  };
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <AppLink to={href(page - 1)} rel="prev">
          {t("page.previous")}
        </AppLink>
      ) : null}
      <span aria-current="page">{t("page.pageOf", { page, pages })}</span>
      {page < pages ? (
        <AppLink to={href(page + 1)} rel="next">
          {t("page.next")}
        </AppLink>
      ) : null}
    </nav>
  );
}

export default function ProfilePage() {
  const data = useLoaderData<typeof loader>();
  const { profile, canEdit, saved, cases, caseCount, comments, bookmarks } = data;
  const { t, i18n } = useTranslation("account");
  const { t: tp } = useTranslation("profile");
  const { t: tc } = useTranslation("common");
  const location = useLocation();
  const moreCases = new URLSearchParams(location.search);
  if (data.nextCursor) moreCases.set("cursor", data.nextCursor);
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
          {profile.title ? <p className="profile-title">{profile.title}</p> : null}
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
              <AppLink to={`/bases/${profile.base.slug}`}>
                {t("profile.verifiedBase", { base: profile.base.name })}
              </AppLink>
            </p>
          ) : null}
          <p className="meta">{t("profile.joined", { date: profile.joined })}</p>
          {canEdit ? (
            <p>
              <AppLink to={`/u/${profile.username}/edit`} className="button button-secondary button-small">
                {t("profile.edit")}
              </AppLink>
            </p>
          ) : null}
        </div>
      </header>
      {profile.bio ? (
        <section aria-labelledby="profile-bio-title">
          <h2 id="profile-bio-title">{tp("page.bio")}</h2>
          <p className="profile-bio">{profile.bio}</p>
        </section>
      ) : null}
      <section aria-labelledby="profile-cases" id="profile-cases-list">
        <h2 id="profile-cases">{tp("page.cases", { count: caseCount })}</h2>
        {cases.length ? <CaseCardList cards={cases} headingLevel={3} /> : <p className="meta">{tp("page.noCases")}</p>}
        {data.nextCursor ? (
          <nav className="pagination" aria-label={tp("page.casesNav")}>
            {!data.firstCasesPage ? (
              <AppLink to={`/u/${profile.username}#profile-cases-list`}>{tp("page.newestCases")}</AppLink>
            ) : null}
            <AppLink to={`?${moreCases}#profile-cases-list`} rel="next">
              {tp("page.moreCases")}
            </AppLink>
          </nav>
        ) : null}
      </section>
      <section aria-labelledby="profile-comments-title" id="profile-comments" className="profile-comments">
        <h2 id="profile-comments-title">{tp("page.comments", { count: comments.total })}</h2>
        {comments.comments.length ? (
          <ul className="plain-list">
            {comments.comments.map((c) => (
              <li key={c.id}>
                <AppLink to={c.href}>{tp("page.commentOn", { title: c.caseTitle })}</AppLink>{" "}
                <time className="meta" dateTime={c.createdAt}>
                  {formatDate(c.createdAt, i18n.language, "datetime")}
                </time>
                <p>{c.excerpt}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="meta">{tp("page.noComments")}</p>
        )}
        <ListPager name="comments" page={comments.page} pages={comments.pages} label={tp("page.commentsNav")} />
      </section>
      {bookmarks ? (
        <section aria-labelledby="profile-bookmarks-title" id="profile-bookmarks">
          <h2 id="profile-bookmarks-title">{tp("bookmarks.title")}</h2>
          <p className="meta">{tp("bookmarks.private")}</p>
          {bookmarks.cases.length ? (
            <CaseCardList cards={bookmarks.cases} headingLevel={3} />
          ) : (
            <p>{tp("bookmarks.empty")}</p>
          )}
          <ListPager name="bookmarks" page={bookmarks.page} pages={bookmarks.pages} label={tp("page.bookmarksNav")} />
        </section>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }];
