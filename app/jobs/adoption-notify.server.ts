// The fan-out of one adoption event (app/models/adoption.server.ts records ONE
// job in the adoption's transaction): an in-app notification for the case's
// author and for each follower of the case, written in batches of BATCH members,
// each batch its own short transaction. Mail follows through the notification
// digest (app/jobs/notification-mail.server.ts), like every notification.
//
// A retried job (its worker died mid-way) must not notify anyone twice: each
// notification carries the event's key, and a batch skips members who have it.
import { z } from "zod";
import { prisma } from "~/utils/db.server.ts";
import type { AdoptionNotifyPayload } from "~/models/adoption.server.ts";
import { recipientsWanting } from "~/models/notification.server.ts";
import { findInChunks } from "~/utils/chunked.ts";

export const BATCH = 500; // under SQLite's bound-parameter limit (999) with room to spare

const PayloadSchema = z.object({
  adoptionId: z.string().min(1).max(40),
  event: z.enum(["recorded", "stage", "outcome"]),
  actorId: z.string().min(1).max(40),
  eventKey: z.string().min(1).max(120),
}) satisfies z.ZodType<AdoptionNotifyPayload>;

export async function fanOutAdoption(raw: unknown, opts: { batchSize?: number } = {}): Promise<number> {
  const payload = PayloadSchema.parse(raw);
  const batchSize = opts.batchSize ?? BATCH;
  const a = await prisma.adoption.findUnique({
    where: { id: payload.adoptionId },
    select: {
      stage: true,
      base: { select: { nameZh: true, nameEn: true, slug: true } },
      case: {
        select: { id: true, slug: true, title: true, titleEn: true, authorId: true, status: true, deletedAt: true },
      },
    },
  });
  // Withdrawn since, or the case went away: there is nothing left to tell.
  if (!a || a.case.status !== "published" || a.case.deletedAt) return 0;
  const actor = await prisma.user.findUnique({
    where: { id: payload.actorId },
    select: { displayName: true, username: true },
  });
  const kind = payload.event === "outcome" ? "outcome" : a.stage;
  const targetKey = `case:${a.case.id}`;
  const data = JSON.stringify({
    actor: actor?.displayName ?? "",
    actorUsername: actor?.username ?? "",
    baseNameZh: a.base.nameZh,
    baseNameEn: a.base.nameEn,
    baseSlug: a.base.slug,
    title: a.case.title,
    titleEn: a.case.titleEn,
    caseSlug: a.case.slug,
    stage: a.stage,
    href: `/cases/${a.case.slug}#adoptions`,
    eventKey: payload.eventKey,
  });

  let written = 0;
  const writeBatch = async (userIds: string[], type: string) => {
    const ids = userIds.filter((id) => id !== payload.actorId);
    if (!ids.length) return;
    written += await prisma.$transaction(async (tx) => {
      const already = await findInChunks(ids, (chunk) =>
        tx.notification.findMany({
          where: { userId: { in: chunk }, targetKey, data: { contains: payload.eventKey } },
          select: { userId: true },
        }),
      );
      const skip = new Set(already.map((n) => n.userId));
      // Members who turned this kind of notification off get none (notification settings).
      const wanted = await recipientsWanting(tx, ids, type);
      const rows = wanted.filter((id) => !skip.has(id)).map((userId) => ({ userId, type, data, targetKey }));
      if (rows.length) await tx.notification.createMany({ data: rows });
      return rows.length;
    });
  };

  await writeBatch([a.case.authorId], `adoption.onYourCase.${kind}`);
  // Followers in keyset pages by member id; the author was told above.
  let after = "";
  for (;;) {
    const page = await prisma.subscription.findMany({
      where: { targetType: "case", targetId: a.case.id, userId: { gt: after } },
      orderBy: { userId: "asc" },
      take: batchSize,
      select: { userId: true },
    });
    if (!page.length) break;
    await writeBatch(
      page.map((s) => s.userId).filter((id) => id !== a.case.authorId),
      `adoption.followed.${kind}`,
    );
    after = page[page.length - 1]!.userId;
    if (page.length < batchSize) break;
  }
  return written;
}
