// POST /resources/bookmark: bookmark (收藏) or unbookmark a case. Without
// JavaScript it is a plain form that redirects back (redirectTo, same-site only);
// the BookmarkButton's fetcher sends `_fetcher=1` and gets JSON.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "~/auth/guards.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { addBookmark, removeBookmark } from "~/models/bookmark.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

const BookmarkSchema = z.object({
  caseId: z.string().min(1).max(64),
  intent: z.enum(["bookmark", "unbookmark"]),
  redirectTo: z.string().max(2000).optional(),
  _fetcher: z.string().max(1).optional(),
});

function json(body: { ok: boolean; error: string | null; bookmarked: boolean | null }, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request, BookmarkSchema));
  const back = safeRedirect(typeof form.redirectTo === "string" ? form.redirectTo : null, "/");
  const user = context.user;
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  const fetcher = form._fetcher === "1";
  const refuse = (error: string, status: number) =>
    fetcher
      ? json({ ok: false, error, bookmarked: null }, status)
      : new Response(`${tFor(context.locale)(error)}\n`, {
          status,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
        });
  const parsed = BookmarkSchema.safeParse(form);
  if (!parsed.success) return refuse("profile:bookmarks.errors.bad", 400);
  const { caseId, intent } = parsed.data;
  if (intent === "bookmark") {
    const outcome = await addBookmark(user.id, caseId);
    if (outcome === "not-found") return refuse("profile:bookmarks.errors.notFound", 404);
    if (outcome === "limit") return refuse("profile:bookmarks.errors.limit", 400);
  } else {
    // The member's own row only: the user id comes from the session, never the form.
    await removeBookmark(prisma, user.id, caseId);
  }
  if (fetcher) return json({ ok: true, error: null, bookmarked: intent === "bookmark" });
  return redirect(back);
}
