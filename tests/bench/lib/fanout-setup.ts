// Prepares the `fanout` benchmark (tests/bench/lib/fanout.ts) on its database:
// 2,000 members follow the first published case, and a verified member who may
// comment gets a session. Prints one line of JSON: { slug, caseId, cookie }.
//
// The followers go straight into the tables, as in tests/integration/comment-fanout.test.ts:
// 2,000 sign-ups would hash 2,000 passwords and measure nothing the benchmark is about.
import crypto from "node:crypto";
import { createUser } from "../../../app/models/user.server.ts";
import { startSession } from "../../../app/auth/session.server.ts";
import { dbReady, prisma } from "../../../app/utils/db.server.ts";

const FOLLOWERS = Number(process.env.BENCH_FANOUT_FOLLOWERS || 2000);

await dbReady();
const target = await prisma.caseStudy.findFirstOrThrow({
  where: { status: "published" },
  orderBy: { publishedAt: "asc" },
  select: { id: true, slug: true },
});
const tag = crypto.randomBytes(3).toString("hex");
const users = Array.from({ length: FOLLOWERS }, (_, i) => ({
  id: `fan${tag}${String(i).padStart(5, "0")}`,
  email: `fan-${tag}-${i}@example.test`,
  username: `fan_${tag}_${i}`,
  displayName: `关注者 ${i}`,
  passwordHash: "x",
}));
for (let i = 0; i < users.length; i += 400) {
  await prisma.user.createMany({ data: users.slice(i, i + 400) });
  await prisma.subscription.createMany({
    data: users.slice(i, i + 400).map((u) => ({ userId: u.id, targetType: "case", targetId: target.id })),
  });
}
const username = `bench_writer_${tag}`;
const { id } = await createUser({
  username,
  email: `${username}@example.test`,
  displayName: "扇出基准",
  password: crypto.randomBytes(18).toString("base64url"),
  emailVerified: true,
});
// An account of some days: new accounts' first comments wait for a moderator.
await prisma.user.update({ where: { id }, data: { createdAt: new Date(Date.now() - 30 * 86_400_000) } });
const setCookie = await startSession(id, { secure: false });
process.stdout.write(
  `${JSON.stringify({ slug: target.slug, caseId: target.id, cookie: /^[^;]+/.exec(setCookie)![0] })}\n`,
);
process.exit(0);
