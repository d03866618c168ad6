// A named lease: at most one holder at a time across processes sharing the
// database. Taking it is one conditional write, so two processes cannot both win;
// a holder that dies simply stops renewing and the lease runs out.
import { prisma } from "~/utils/db.server.ts";

export async function tryTakeLease(name: string, owner: string, ms: number, now = new Date()): Promise<boolean> {
  const until = new Date(now.getTime() + ms);
  const { count } = await prisma.lease.updateMany({
    where: { name, OR: [{ owner }, { until: { lt: now } }] },
    data: { owner, until },
  });
  if (count === 1) return true;
  try {
    await prisma.lease.create({ data: { name, owner, until } });
    return true;
  } catch {
    return false; // someone else holds it (or just created it)
  }
}

export async function releaseLease(name: string, owner: string): Promise<void> {
  await prisma.lease.deleteMany({ where: { name, owner } });
}
