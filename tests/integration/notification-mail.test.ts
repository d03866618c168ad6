// Email notifications end to end through a real SMTP server (smtp-server, in this
// process): digest batching, language, escaping, List-Unsubscribe headers, who
// gets none, the interval, the unsubscribe flow with signed tokens, and two
// workers racing for the same member.
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { raceTwo } from "../helpers/race.ts";

const received: ParsedMail[] = [];
let server: SMTPServer;

// App modules are imported after SMTP_URL is set: env() is parsed once.
let prisma: typeof import("~/utils/db.server.ts").prisma;
let digest: typeof import("~/jobs/notification-mail.server.ts");
let runDueJobs: typeof import("~/jobs/worker.server.ts").runDueJobs;
let notify: typeof import("~/models/notification.server.ts").notify;
let users: typeof import("../helpers/users.ts");
let callRoute: typeof import("../helpers/route.ts").callRoute;
let unsubscribeRoute: typeof import("~/routes/unsubscribe/route.tsx");
let confirmRoute: typeof import("~/routes/unsubscribe_.confirm/route.tsx");
let secret: typeof import("~/utils/secret.server.ts");

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.NOTIFY_MAIL_INTERVAL_MINUTES = "60";
  delete process.env.APP_SECRET;

  const db = await import("~/utils/db.server.ts");
  await db.dbReady();
  prisma = db.prisma;
  digest = await import("~/jobs/notification-mail.server.ts");
  runDueJobs = (await import("~/jobs/worker.server.ts")).runDueJobs;
  notify = (await import("~/models/notification.server.ts")).notify;
  users = await import("../helpers/users.ts");
  callRoute = (await import("../helpers/route.ts")).callRoute;
  unsubscribeRoute = await import("~/routes/unsubscribe/route.tsx");
  confirmRoute = await import("~/routes/unsubscribe_.confirm/route.tsx");
  secret = await import("~/utils/secret.server.ts");
  const { env } = await import("~/utils/env.server.ts");
  expect(env().SMTP_URL).toBe(process.env.SMTP_URL);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  received.length = 0;
  await prisma.job.deleteMany();
});

/** One worker pass: queue due digests, then send every queued mail. */
async function deliver(now?: Date): Promise<void> {
  await digest.runNotificationDigests({ now });
  while ((await runDueJobs("test-worker", 10, now)) > 0) {
    /* send all */
  }
  const failed = await prisma.job.findMany({
    where: { status: { not: "done" } },
    select: { lastError: true, status: true },
  });
  expect(failed).toEqual([]);
}

const mailsTo = (email: string) => received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : "") === email);

function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(":") + 1).trim();
}

const EVIL_TITLE = `<script>alert("t")</script> Yiwu & Co`;
const EVIL_EXCERPT = `<img src=x onerror=alert(1)> great point`;

async function replyNotification(userId: string, n: number, extra: Record<string, unknown> = {}) {
  await notify(prisma, userId, "comment.reply", {
    actor: `Li Lei ${n}`,
    title: `案例${n}`,
    titleEn: `Case ${n}`,
    caseSlug: `case-${n}`,
    excerpt: `excerpt number ${n}`,
    href: `/cases/case-${n}#comment-${n}`,
    ...extra,
  });
}

describe("notification digest over SMTP", () => {
  it("sends one mail per member with all their notifications, in their language, escaped, with unsubscribe headers", async () => {
    const en = await users.createTestUser({ locale: "en", displayName: "Ada <b>Bold</b>" });
    const zh = await users.createTestUser({ locale: "zh-CN" });
    const unverified = await users.createTestUser({ emailVerified: false, locale: "en" });
    const optedOut = await users.createTestUser({ locale: "en" });
    await prisma.user.update({ where: { id: optedOut.id }, data: { emailNotifications: false } });

    await replyNotification(en.id, 1, { titleEn: EVIL_TITLE, excerpt: EVIL_EXCERPT });
    await notify(prisma, en.id, "comment.mention", {
      actor: "Han Meimei",
      title: "案例2",
      titleEn: "Case 2",
      excerpt: "mention text",
      href: "/cases/case-2#comment-9",
    });
    await notify(prisma, en.id, "comment.followed", {
      actor: "Wang Fang",
      title: "案例3",
      titleEn: "Case 3",
      excerpt: "followed text",
      href: "/cases/case-3#comment-7",
    });
    // Already mailed on its own when it happened: not repeated in the digest.
    await notify(prisma, en.id, "affiliation.approved", {
      baseNameZh: "义乌",
      baseNameEn: "Yiwu AFFILIATION",
      href: "/bases/yiwu",
    });
    await replyNotification(zh.id, 4);
    await replyNotification(unverified.id, 5);
    await replyNotification(optedOut.id, 6);

    await deliver();

    expect(received).toHaveLength(2);
    expect(mailsTo(unverified.email)).toHaveLength(0);
    expect(mailsTo(optedOut.email)).toHaveLength(0);

    const [mail] = mailsTo(en.email);
    expect(mail).toBeDefined();
    const text = mail!.text ?? "";
    const html = typeof mail!.html === "string" ? mail!.html : "";
    expect(mail!.subject).toBe("3 new notifications on Base Experience Exchange");
    expect(text).toContain("Hello Ada <b>Bold</b>,");
    expect(text).toContain(`Li Lei 1 replied to your comment on “${EVIL_TITLE}”: ${EVIL_EXCERPT}`);
    expect(text).toContain("Han Meimei mentioned you in the discussion of “Case 2”: mention text");
    expect(text).toContain("Wang Fang commented on “Case 3”, which you follow: followed text");
    expect(text).toContain("http://127.0.0.1:3000/cases/case-1#comment-1");
    expect(text).not.toContain("AFFILIATION");
    // User-supplied text is escaped in the HTML part.
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; Yiwu &amp; Co");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; great point");
    expect(html).toContain("Ada &lt;b&gt;Bold&lt;/b&gt;");
    expect(html).toContain('<a href="http://127.0.0.1:3000/cases/case-2#comment-9">');

    // One-click unsubscribe (RFC 8058), signed for this member.
    const listUnsubscribe = header(mail!, "List-Unsubscribe");
    expect(listUnsubscribe).toMatch(/^<http:\/\/127\.0\.0\.1:3000\/unsubscribe\/confirm\?token=[\w.-]+>$/);
    expect(header(mail!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const token = new URL(listUnsubscribe!.slice(1, -1)).searchParams.get("token");
    expect(secret.verifyToken(digest.UNSUBSCRIBE_PURPOSE, token)).toBe(en.id);
    expect(text).toContain(`/unsubscribe?token=${token}`);

    const [zhMail] = mailsTo(zh.email);
    expect(zhMail!.subject).toBe("基地经验交流平台：1 条新通知");
    expect(zhMail!.text).toContain("Li Lei 4 回复了您在《案例4》下的评论：excerpt number 4");

    // Everything is marked: mailed for the eligible, skipped for the others.
    expect(await prisma.notification.count({ where: { mailedAt: null } })).toBe(0);
    const enUser = await prisma.user.findUniqueOrThrow({
      where: { id: en.id },
      select: { lastNotificationMailAt: true },
    });
    expect(enUser.lastNotificationMailAt).not.toBeNull();
    const skipped = await prisma.user.findUniqueOrThrow({
      where: { id: unverified.id },
      select: { lastNotificationMailAt: true },
    });
    expect(skipped.lastNotificationMailAt).toBeNull();
  });

  it("sends nothing more within the interval, and only the new notifications after it", async () => {
    const member = await users.createTestUser({ locale: "en" });
    await replyNotification(member.id, 10);
    await deliver();
    expect(mailsTo(member.email)).toHaveLength(1);

    await replyNotification(member.id, 11);
    await replyNotification(member.id, 12);
    await deliver();
    await deliver(new Date(Date.now() + 30 * 60_000));
    expect(mailsTo(member.email)).toHaveLength(1);
    expect(await prisma.notification.count({ where: { userId: member.id, mailedAt: null } })).toBe(2);

    await deliver(new Date(Date.now() + 61 * 60_000));
    const mails = mailsTo(member.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe("2 new notifications on Base Experience Exchange");
    expect(mails[1]!.text).toContain("excerpt number 11");
    expect(mails[1]!.text).toContain("excerpt number 12");
    expect(mails[1]!.text).not.toContain("excerpt number 10");
  });

  it("unsubscribe: GET only asks, POST with a good token opts out (one-click too), forged tokens are refused", async () => {
    const member = await users.createTestUser({ locale: "en" });
    const token = secret.signToken(digest.UNSUBSCRIBE_PURPOSE, member.id);
    const isOn = async () =>
      (await prisma.user.findUniqueOrThrow({ where: { id: member.id }, select: { emailNotifications: true } }))
        .emailNotifications;

    // Mail scanners open links: a GET changes nothing, on either URL.
    const page = await callRoute(unsubscribeRoute.loader, { path: `/unsubscribe?token=${token}` });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ valid: true, token, alreadyOff: false });
    expect(page.data.email).toMatch(/^u\*\*\*@example\.cn$/);
    const confirmGet = await callRoute(confirmRoute.loader, { path: `/unsubscribe/confirm?token=${token}` });
    expect(confirmGet.status).toBe(302);
    expect(confirmGet.headers.get("location")).toBe(`/unsubscribe?token=${token}`);
    expect(await isOn()).toBe(true);

    // Forged, truncated, other-purpose and other-secret tokens.
    const [subject, mac] = token.split(".");
    const other = await users.createTestUser();
    const forgeries = [
      `${Buffer.from(other.id).toString("base64url")}.${mac}`,
      `${subject}.${mac!.slice(0, -2)}AA`,
      subject!,
      secret.signToken("reset-password", member.id),
      "",
    ];
    for (const forged of forgeries) {
      const post = await callRoute(confirmRoute.action, { path: "/unsubscribe/confirm", form: { token: forged } });
      expect(post.status).toBe(303);
      expect(post.headers.get("location")).toBe("/unsubscribe?invalid=1");
      const oneClickForged = await callRoute(confirmRoute.action, {
        path: `/unsubscribe/confirm?token=${encodeURIComponent(forged)}`,
        form: { "List-Unsubscribe": "One-Click" },
        headers: { "Accept-Language": "en" },
      });
      expect(oneClickForged.status).toBe(400);
      expect(oneClickForged.data).toContain("This unsubscribe link is not valid");
      const get = await callRoute(unsubscribeRoute.loader, {
        path: `/unsubscribe?token=${encodeURIComponent(forged)}`,
        headers: { "Accept-Language": "zh-CN" },
      });
      expect(get.status).toBe(400);
      expect(get.data.meta.title).toContain("退订链接无效");
    }
    expect(await isOn()).toBe(true);
    expect(
      (await prisma.user.findUniqueOrThrow({ where: { id: other.id }, select: { emailNotifications: true } }))
        .emailNotifications,
    ).toBe(true);

    // The mail provider's one-click POST: token in the URL, RFC 8058 body.
    const oneClick = await callRoute(confirmRoute.action, {
      path: `/unsubscribe/confirm?token=${token}`,
      form: { "List-Unsubscribe": "One-Click" },
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await isOn()).toBe(false);

    // And from the confirmation page's button (token in the form).
    await prisma.user.update({ where: { id: member.id }, data: { emailNotifications: true } });
    const button = await callRoute(confirmRoute.action, { path: "/unsubscribe/confirm", form: { token } });
    expect(button.status).toBe(303);
    expect(button.headers.get("location")).toBe("/unsubscribe?done=1");
    expect(await isOn()).toBe(false);
    const done = await callRoute(unsubscribeRoute.loader, { path: "/unsubscribe?done=1" });
    expect(done.status).toBe(200);
    expect(done.data.done).toBe(true);
    const invalid = await callRoute(unsubscribeRoute.loader, { path: "/unsubscribe?invalid=1" });
    expect(invalid.status).toBe(400);

    // Opted out: new notifications never reach the mailbox.
    await replyNotification(member.id, 20);
    await deliver(new Date(Date.now() + 2 * 3600_000));
    expect(mailsTo(member.email)).toHaveLength(0);
  });

  it("the signing secret is generated once and kept under DATA_DIR", () => {
    const file = path.join(process.env.DATA_DIR!, "secret.key");
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(secret.appSecret());
  });

  it("two workers racing for the same member produce one digest", async () => {
    const member = await users.createTestUser({ locale: "en" });
    for (let i = 30; i < 35; i++) await replyNotification(member.id, i);

    // Both saw the member as due before either claimed…
    const [seenA, seenB] = await Promise.all([digest.dueDigestUserIds(), digest.dueDigestUserIds()]);
    expect(seenA).toContain(member.id);
    expect(seenB).toContain(member.id);
    // …and claim at the same moment: exactly one wins.
    const claims = await Promise.all([
      digest.claimDigest(member.id),
      digest.claimDigest(member.id),
      digest.claimDigest(member.id),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Whole passes racing find nothing left to send.
    await Promise.all([digest.runNotificationDigests(), digest.runNotificationDigests()]);
    await Promise.all([runDueJobs("worker-a", 10), runDueJobs("worker-b", 10)]);
    while ((await runDueJobs("worker-c", 10)) > 0) {
      /* drain */
    }
    const mails = mailsTo(member.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("5 new notifications on Base Experience Exchange");
    expect(await prisma.job.count({ where: { kind: "mail" } })).toBe(1);
  });

  it("two server processes racing produce one digest per member", { timeout: 120_000 }, async () => {
    const members = [];
    for (let i = 0; i < 12; i++) {
      const m = await users.createTestUser({ locale: "en" });
      for (let n = 0; n < 3; n++) await replyNotification(m.id, 100 + i * 10 + n);
      members.push(m);
    }
    const {
      runs: [a, b],
      codes,
    } = await raceTwo("tests/helpers/digest-runner.ts", process.env);
    expect(codes).toEqual([0, 0]);
    const queued = (r: { lines: string[] }) => Number(r.lines.find((l) => l.startsWith("queued "))?.slice(7));
    expect(queued(a) + queued(b)).toBe(members.length);

    while ((await runDueJobs("test-worker", 10)) > 0) {
      /* send all */
    }
    for (const m of members) {
      const mails = mailsTo(m.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe("3 new notifications on Base Experience Exchange");
    }
    expect(received).toHaveLength(members.length);
  });
});
