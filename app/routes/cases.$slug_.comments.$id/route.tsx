// A comment's permalink: sends the reader to the page of the discussion that
// holds its thread (?comment= makes the case page pick that page), scrolled to
// the comment (#c-<id>, highlighted with :target).
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getCommentForLink } from "~/models/comment.server.ts";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const c = params.id ? await getCommentForLink(params.id, context.user) : null;
  if (!c) throw new Response("Not found", { status: 404 });
  throw redirect(`/cases/${c.case.slug}?comment=${c.id}#c-${c.id}`);
}
