// GET /resources/viewer-state?page=/cases/<slug>?sort=… — the signed-in member's
// own state for a page they were served from the members' shared render
// (server/page-cache.ts, ADR 015): the header's member, and on a case page their
// votes, follow, own comments and moderation controls. Read by the clientLoaders
// of root.tsx and the case page (app/utils/viewer-state.ts). Personal: never
// stored by a cache.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale, LOCALE_COOKIE } from "~/i18n/config.ts";
import { localeCookie, readCookie } from "~/i18n/detect.server.ts";
import { caseViewerState } from "~/features/discussion/discussion.server.ts";
import { headerUser } from "~/utils/header-user.server.ts";
import type { ViewerState } from "~/features/viewer-state.ts";

/** The page the state is for: a path on this site (with its query), nothing else. */
function pageUrl(page: string | null): URL | null {
  if (!page || page.length > 2000 || !page.startsWith("/") || page.startsWith("//")) return null;
  try {
    return new URL(page, "http://page.invalid");
  } catch {
    return null;
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = pageUrl(new URL(request.url).searchParams.get("page"));
  if (!page) return Response.json({ error: "page: a path on this site" }, { status: 400 });
  const user = context.user;
  const slug = /^\/cases\/([^/]+)$/.exec(page.pathname)?.[1];
  const state: ViewerState = {
    user: user ? await headerUser(user) : null,
    locale: user?.locale ?? null,
    case: slug ? await caseViewerState(decodeURIComponent(slug), page, user) : null,
  };
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  // The shared copy was in the cookie's language; a member's saved language
  // outranks it, so the cookie follows (the page reloads once in it).
  if (isLocale(user?.locale) && readCookie(request.headers.get("cookie"), LOCALE_COOKIE) !== user.locale) {
    headers.append("Set-Cookie", localeCookie(user.locale, context.secure));
  }
  return Response.json(state, { headers });
}
