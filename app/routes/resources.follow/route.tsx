// POST /resources/follow: follow or unfollow a case (its discussion), a topic or
// a base. Without JavaScript it is a plain form that redirects back (redirectTo,
// same-site only); the FollowButton's fetcher sends `_fetcher=1` and gets data.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "~/auth/guards.server.ts";
import { VISIBLE } from "~/models/case.server.ts";
import { FOLLOW_TARGETS, follow, unfollow } from "~/models/subscription.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";

function json(body: { ok: boolean; error: string | null; following: boolean | null }, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
import { readForm } from "~/utils/form-body.server.ts";

const FollowSchema = z.object({
  targetType: z.enum(FOLLOW_TARGETS),
  targetId: z.string().min(1).max(64),
  intent: z.enum(["follow", "unfollow"]),
  redirectTo: z.string().max(2000).optional(),
  _fetcher: z.string().optional(),
});

export function loader(_: LoaderFunctionArgs) {
  return redirect("/feed");
}

async function targetExists(type: (typeof FOLLOW_TARGETS)[number], id: string): Promise<boolean> {
  if (type === "topic") return (await prisma.topic.count({ where: { id } })) === 1;
  if (type === "base") return (await prisma.base.count({ where: { id } })) === 1;
  return (await prisma.caseStudy.count({ where: { id, ...VISIBLE } })) === 1;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request, FollowSchema));
  const back = safeRedirect(typeof form.redirectTo === "string" ? form.redirectTo : null, "/feed");
  const user = context.user;
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  const fetcher = form._fetcher === "1";
  // A failed follow answers its 4xx status (issue 10.5): JSON for the button's
  // fetcher, the message in the member's language for a plain form post.
  const refuse = (error: string, status: number) =>
    fetcher
      ? json({ ok: false, error, following: null }, status)
      : new Response(`${tFor(context.locale)(error)}\n`, {
          status,
          headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
        });
  const parsed = FollowSchema.safeParse(form);
  if (!parsed.success) return refuse("follow:errors.badTarget", 400);
  const { targetType, targetId, intent } = parsed.data;
  if (intent === "follow") {
    // Unfollowing something that disappeared is always fine; following it is not.
    if (!(await targetExists(targetType, targetId))) return refuse("follow:errors.notFound", 404);
    await follow(prisma, user.id, targetType, targetId);
  } else {
    await unfollow(prisma, user.id, targetType, targetId);
  }
  if (fetcher) return json({ ok: true, error: null, following: intent === "follow" });
  return redirect(back);
}
