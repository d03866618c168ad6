// POST /resources/follow: follow or unfollow a case (its discussion), a topic or
// a base. Without JavaScript it is a plain form that redirects back (redirectTo,
// same-site only); the FollowButton's fetcher sends `_fetcher=1` and gets data.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "~/auth/guards.server.ts";
import { VISIBLE } from "~/models/case.server.ts";
import { FOLLOW_TARGETS, follow, unfollow } from "~/models/subscription.server.ts";
import { prisma } from "~/utils/db.server.ts";
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
  const parsed = FollowSchema.safeParse(form);
  if (!parsed.success)
    return data({ ok: false as const, error: "follow:errors.badTarget", following: null }, { status: 400 });
  const { targetType, targetId, intent } = parsed.data;
  if (intent === "follow") {
    // Unfollowing something that disappeared is always fine; following it is not.
    if (!(await targetExists(targetType, targetId))) {
      return data({ ok: false as const, error: "follow:errors.notFound", following: null }, { status: 404 });
    }
    await follow(prisma, user.id, targetType, targetId);
  } else {
    await unfollow(prisma, user.id, targetType, targetId);
  }
  if (parsed.data._fetcher) return { ok: true as const, error: null, following: intent === "follow" };
  return redirect(back);
}
