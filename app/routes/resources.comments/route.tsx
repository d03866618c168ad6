// Further pages of a case's discussion as JSON, for the "load more" fetcher
// (the link it enhances opens the same page as a whole document).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/auth/permissions.ts";
import { findCaseBySlug, getPublishedCase } from "~/models/case.server.ts";
import { listCommentPage } from "~/models/comment.server.ts";
import { sortParam } from "~/features/discussion/discussion.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const found = await findCaseBySlug(url.searchParams.get("case") ?? "");
  const c = found ? await getPublishedCase(found.id) : null;
  const moderator = can(context.user, "hide:case:any");
  if (!c || ((c.deletedAt || c.status === "hidden") && !moderator && c.authorId !== context.user?.id)) {
    throw new Response("Not found", { status: 404 });
  }
  const page = await listCommentPage(c.id, {
    cursor: url.searchParams.get("cursor"),
    sort: sortParam(url.searchParams.get("sort")),
    viewer: context.user,
  });
  return { threads: page.threads, nextCursor: page.nextCursor };
}
