// Members for the comment editor's @mention menu: GET ?q=, JSON, signed-in
// members only, at most 8 results, rate-limited per member.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { forbidden } from "~/auth/guards.server.ts";
import { searchMembers } from "~/models/comment.server.ts";
import { consume, retryAfterHeader } from "~/utils/rate-limit.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.user;
  if (!user) throw forbidden("signed-out");
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const limit = await consume([["mentionLookup", user.id]]);
  // Plain JSON responses: the editor fetches this route directly (not through Remix's data format).
  if (!limit.ok)
    return Response.json(
      { users: [] as Array<{ username: string; displayName: string }> },
      { status: 429, headers: retryAfterHeader(limit.retryAfterMs) },
    );
  const users = (await searchMembers(q)).filter((u) => u.username !== user.username);
  return Response.json({ users }, { headers: { "Cache-Control": "private, no-store" } });
}
