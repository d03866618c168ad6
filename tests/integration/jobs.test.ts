// The job queue under the failures it exists for: a worker dying mid-job, two
// processes racing for the same rows, a job that keeps failing; and the mail
// templates it sends.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { raceTwo } from "../helpers/race.ts";
import { prisma, dbReady } from "~/utils/db.server.ts";
import { backoffMs, claimJobs, enqueueJob, LEASE_MS } from "~/jobs/queue.server.ts";
import { runDueJobs } from "~/jobs/worker.server.ts";
import { handlers } from "~/jobs/handlers.server.ts";
import { mailDir, queueMail } from "~/mail/mailer.server.ts";
import { escapeHtml, mailTemplates } from "~/mail/templates.server.ts";

function emlFiles(): string[] {
  const dir = mailDir();
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".eml")) : [];
}

/** Message-ID header → how many .eml files carry it. */
function messageIdCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of emlFiles()) {
    const text = fs.readFileSync(path.join(mailDir(), f), "utf8");
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(text)?.[1] ?? `missing:${f}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

beforeEach(async () => {
  await dbReady();
  await prisma.job.deleteMany();
  fs.rmSync(mailDir(), { recursive: true, force: true });
});

afterEach(() => {
  delete handlers["test-fail"];
});

describe("job queue", () => {
  it("a mail job survives a crashed worker and is sent exactly once", async () => {
    await queueMail(prisma, { to: "crash@example.com", subject: "After a crash", text: "Hello" });
    const job = await prisma.job.findFirstOrThrow({ select: { id: true, payload: true } });
    const messageId = (JSON.parse(job.payload) as { messageId: string }).messageId;

    // Worker A claims the job and dies before sending or completing it.
    const claimedByA = await claimJobs("worker-a", 5);
    expect(claimedByA.map((j) => j.id)).toEqual([job.id]);

    // While A's lease holds, nobody else may take the job.
    expect(await runDueJobs("worker-b")).toBe(0);
    expect(emlFiles()).toHaveLength(0);

    // After the lease runs out, worker B takes it over and sends it.
    const later = new Date(Date.now() + LEASE_MS + 1_000);
    expect(await runDueJobs("worker-b", 5, later)).toBe(1);
    const row = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "done", leaseOwner: "worker-b", attempts: 2 });

    // Once done, it never runs again, however much later.
    expect(await runDueJobs("worker-c", 5, new Date(later.getTime() + LEASE_MS * 2))).toBe(0);
    const counts = messageIdCounts();
    expect([...counts.entries()]).toEqual([[messageId, 1]]);
  });

  it("two server processes never send one mail twice", { timeout: 120_000 }, async () => {
    const total = 40;
    for (let i = 0; i < total; i++) {
      await queueMail(prisma, { to: `race${i}@example.com`, subject: `Race ${i}`, text: `Message ${i}` });
    }
    const jobs = await prisma.job.findMany({ select: { payload: true } });
    const expected = new Set(jobs.map((j) => (JSON.parse(j.payload) as { messageId: string }).messageId));
    expect(expected.size).toBe(total);

    const {
      runs: [a, b],
      codes,
    } = await raceTwo("tests/helpers/job-runner.ts", { ...process.env, JOB_BATCH: "2" });
    expect(codes).toEqual([0, 0]);

    const ranBy = (r: { lines: string[] }) => r.lines.filter((l) => l.startsWith("ran ")).map((l) => l.slice(4));
    const all = [...ranBy(a), ...ranBy(b)];
    // Each message was handed to the mailer exactly once across both processes…
    expect(all).toHaveLength(total);
    expect(new Set(all)).toEqual(expected);
    // …and exactly one .eml file exists per Message-ID.
    const counts = messageIdCounts();
    expect(new Set(counts.keys())).toEqual(expected);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(emlFiles()).toHaveLength(total);
    // Every job row finished.
    const statuses = await prisma.job.groupBy({ by: ["status"], _count: true });
    expect(statuses).toEqual([{ status: "done", _count: total }]);
  });

  it("a failing job retries with exponential backoff and ends as failed after maxAttempts", async () => {
    let calls = 0;
    handlers["test-fail"] = async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    };
    const id = await enqueueJob(prisma, "test-fail", { n: 1 }, { maxAttempts: 3 });

    let now = new Date();
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runDueJobs("worker", 5, now)).toBe(1);
      const row = await prisma.job.findUniqueOrThrow({ where: { id } });
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe(`boom ${attempt}`);
      if (attempt < 3) {
        expect(row.status).toBe("queued");
        expect(row.leaseOwner).toBeNull();
        // Not due before its backoff has passed…
        const delay = row.runAt.getTime() - now.getTime();
        expect(delay).toBeGreaterThanOrEqual(backoffMs(attempt) - 50);
        expect(delay).toBeLessThanOrEqual(backoffMs(attempt) + 2_000);
        expect(await runDueJobs("worker", 5, new Date(row.runAt.getTime() - 100))).toBe(0);
        // …and due right after.
        now = new Date(row.runAt.getTime() + 1);
      } else {
        expect(row.status).toBe("failed");
        expect(row.finishedAt).not.toBeNull();
      }
    }
    expect(backoffMs(1)).toBe(5_000);
    expect(backoffMs(2)).toBe(10_000);
    expect(backoffMs(30)).toBe(3_600_000);
    // A failed job is never picked up again.
    expect(await runDueJobs("worker", 5, new Date(Date.now() + 24 * 3600_000))).toBe(0);
    expect(calls).toBe(3);
  });

  it("a job whose worker kept dying stops after maxAttempts instead of running forever", async () => {
    let calls = 0;
    handlers["test-fail"] = async () => {
      calls++;
    };
    const id = await enqueueJob(prisma, "test-fail", {}, { maxAttempts: 2 });
    let t = Date.now();
    // Two claims that never complete (two crashes).
    expect(await claimJobs("dead-1", 5, new Date(t))).toHaveLength(1);
    t += LEASE_MS + 1_000;
    expect(await claimJobs("dead-2", 5, new Date(t))).toHaveLength(1);
    t += LEASE_MS + 1_000;
    expect(await runDueJobs("worker", 5, new Date(t))).toBe(0);
    const row = await prisma.job.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("failed");
    expect(calls).toBe(0);
  });
});

describe("mail templates", () => {
  const evil = {
    name: `<script>alert("x")</script>`,
    base: "A&B <b>base</b>",
    reason: `"quoted" <img src=x onerror=alert(1)>`,
  };

  it("renders both languages with the recipient's text", () => {
    const zh = mailTemplates.affiliationApproved("zh-CN", {
      name: "王芳",
      base: "义乌小商品基地",
      url: "http://x.test/bases/yiwu",
    });
    const en = mailTemplates.affiliationApproved("en", {
      name: "Wang Fang",
      base: "Yiwu base",
      url: "http://x.test/bases/yiwu",
    });
    expect(zh.subject).toContain("义乌小商品基地");
    expect(zh.subject).toMatch(/认证/);
    expect(zh.text).toContain("王芳，您好");
    expect(zh.text).toContain("http://x.test/bases/yiwu");
    expect(en.subject).toBe("Your affiliation with Yiwu base is verified");
    expect(en.text).toContain("Hello Wang Fang,");
    expect(en.html).toContain('<a href="http://x.test/bases/yiwu">');

    const rejectedZh = mailTemplates.affiliationRejected("zh-CN", {
      name: "王芳",
      base: "义乌",
      reason: "信息不足",
      url: "http://x.test/affiliation",
    });
    const rejectedEn = mailTemplates.affiliationRejected("en", {
      name: "W",
      base: "Yiwu",
      reason: "Not enough detail",
      url: "http://x.test/affiliation",
    });
    expect(rejectedZh.text).toContain("原因：信息不足");
    expect(rejectedEn.text).toContain("Reason: Not enough detail");
    for (const m of [zh, en, rejectedZh, rejectedEn]) {
      expect(m.text).not.toMatch(/\{\{|mail:/);
      expect(m.html).not.toMatch(/\{\{|mail:/);
    }
  });

  it("escapes user-supplied values in the HTML and keeps them readable in the text", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const m = mailTemplates.affiliationRejected(locale, { ...evil, url: `http://x.test/a?b=1&c="2"` });
      expect(m.html).not.toContain("<script>");
      expect(m.html).not.toContain("<img");
      expect(m.html).not.toContain("<b>");
      expect(m.html).toContain(escapeHtml(evil.name));
      expect(m.html).toContain(escapeHtml(evil.reason));
      expect(m.html).toContain("A&amp;B &lt;b&gt;base&lt;/b&gt;");
      expect(m.html).toContain('href="http://x.test/a?b=1&amp;c=&quot;2&quot;"');
      expect(m.text).toContain(evil.reason);
      expect(m.subject).toContain("A&B <b>base</b>");
    }
    const verify = mailTemplates.verifyEmail("en", { name: "<i>x</i>", url: "http://x.test/v" });
    expect(verify.html).toContain("&lt;i&gt;x&lt;/i&gt;");
  });
});
