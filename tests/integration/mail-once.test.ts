// A mail is sent at most once (issue 10 point 11): the job's checkpoint records
// the Message-ID before the send and after it; a retry after "sent" does not
// send, a retry after an interrupted send does not send blindly; a slow SMTP
// server cannot hold the job past the shutdown limit — the worker stops in time
// and the job is released, not left running under a lease.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const received: string[] = [];
let slowMs = 0;
let refuse = false;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    let raw = "";
    stream.on("data", (c: Buffer) => (raw += c.toString()));
    stream.on("end", () => {
      if (refuse) return callback(Object.assign(new Error("mailbox busy, try later"), { responseCode: 450 }));
      // The message is taken (as a slow server would store it), the answer comes late.
      received.push(/^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? "?");
      setTimeout(() => callback(), slowMs);
    });
  },
});

let prisma: typeof import("~/utils/db.server.ts").prisma;
let queueMail: typeof import("~/mail/mailer.server.ts").queueMail;
let worker: typeof import("~/jobs/worker.server.ts");

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const db = await import("~/utils/db.server.ts");
  await db.dbReady();
  prisma = db.prisma;
  queueMail = (await import("~/mail/mailer.server.ts")).queueMail;
  worker = await import("~/jobs/worker.server.ts");
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function queue(subject: string) {
  await queueMail(prisma, { to: "member@example.cn", subject, text: "body" });
  return prisma.job.findFirstOrThrow({ where: { kind: "mail" }, orderBy: { createdAt: "desc" } });
}

const later = (ms: number) => new Date(Date.now() + ms);

describe("sending a mail at most once", () => {
  it("records the Message-ID; a job that already sent it does not send again", async () => {
    slowMs = 0;
    received.length = 0;
    const job = await queue("once");
    expect(await worker.runDueJobs("w1", 5)).toBe(1);
    const done = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    const messageId = (JSON.parse(job.payload) as { messageId: string }).messageId;
    expect(done.status).toBe("done");
    expect(done.checkpoint).toBe(`sent ${messageId}`);
    // The same job handed out again (its completion was lost, say): no second mail.
    await prisma.job.update({ where: { id: job.id }, data: { status: "queued", runAt: new Date() } });
    expect(await worker.runDueJobs("w2", 5)).toBe(1);
    expect(received).toEqual([messageId]);
  });

  it(
    "a server slower than the shutdown limit: the worker stops in time, the job is released, and the retry does not send it again",
    { timeout: 60_000 },
    async () => {
      slowMs = 20_000;
      received.length = 0;
      const job = await queue("slow");
      const messageId = (JSON.parse(job.payload) as { messageId: string }).messageId;
      const stop = worker.startJobWorker({ intervalMs: 50 });
      // Wait until the message is in the server's hands, then shut down.
      for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(received).toEqual([messageId]);
      const started = Date.now();
      await stop();
      expect(Date.now() - started).toBeLessThan(10_000);
      const released = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(released.status).toBe("queued");
      expect(released.leaseOwner).toBeNull();
      expect(released.checkpoint).toBe(`sending ${messageId}`);

      // The retry (after its backoff) finds the interrupted send: not sent again, failed with the reason.
      slowMs = 0;
      expect(await worker.runDueJobs("w3", 5, later(3_600_000))).toBe(1);
      const failed = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(failed.status).toBe("failed");
      expect(failed.lastError).toMatch(/may have been delivered/);
      expect(received).toEqual([messageId]);
    },
  );

  it("a send the server refused is retried normally", async () => {
    received.length = 0;
    const job = await queue("refused");
    refuse = true;
    try {
      await worker.runDueJobs("w4", 5);
    } finally {
      refuse = false;
    }
    const retried = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(retried.status).toBe("queued");
    expect(retried.checkpoint).toBeNull();
    expect(await worker.runDueJobs("w5", 5, later(60_000))).toBe(1);
    expect((await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("done");
    expect(received).toHaveLength(1);
  });
});
