// The one module that talks to mail. With SMTP_URL set it sends over SMTP;
// otherwise each message is written as an .eml file under DATA_DIR/mail, so the
// app runs fully offline and a developer can open what would have been sent.
// Messages are never sent from a request: queueMail() adds a job in the caller's
// transaction and the job worker sends it (app/jobs).
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Transporter } from "nodemailer";
import { z } from "zod";
import type { Prisma, prisma } from "~/utils/db.server.ts";
import { dataDir } from "~/utils/database-url.ts";
import { env } from "~/utils/env.server.ts";
import { enqueueJob, FinalJobError } from "~/jobs/queue.server.ts";
import type { JobContext } from "~/jobs/handlers.server.ts";
import { LOCALES, type Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";

/**
 * The sender in the recipient's language: MAIL_FROM's address under the site's
 * name in that language ("基地经验交流平台 <no-reply@…>" or "Base Experience
 * Exchange <no-reply@…>"). Without a locale, MAIL_FROM as configured.
 */
export function senderFor(mailFrom: string, locale: Locale | undefined): string | { name: string; address: string } {
  if (!locale) return mailFrom;
  const address =
    /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailFrom)?.[1] ?? (/^\S+@\S+$/.test(mailFrom.trim()) ? mailFrom.trim() : null);
  if (!address) return mailFrom;
  return { name: tFor(locale)("common:appName"), address };
}

const MailMessage = z.object({
  messageId: z.string().min(3),
  to: z.string().email(),
  subject: z.string().min(1).max(300),
  text: z.string().min(1),
  html: z.string().optional(),
  headers: z.record(z.string()).optional(),
  /** The recipient's language (jobs queued before this field have none: the configured sender is used as is). */
  locale: z.enum(LOCALES).optional(),
});
export type MailMessage = z.infer<typeof MailMessage>;

export function mailDir(): string {
  return path.join(dataDir(), "mail");
}

export async function queueMail(
  tx: Prisma.TransactionClient | typeof prisma,
  message: Omit<MailMessage, "messageId">,
): Promise<void> {
  const host = new URL(env().APP_ORIGIN ?? "http://localhost").hostname || "localhost";
  await enqueueJob(tx, "mail", { ...message, messageId: `<${crypto.randomUUID()}@${host}>` });
}

/**
 * nodemailer, loaded with the first message sent (~60 ms and ~6 MiB of every start
 * otherwise): requests only queue mail; the job worker sends it.
 */
async function nodemailer(): Promise<typeof import("nodemailer")> {
  return (await import("nodemailer")).default;
}

let smtp: Transporter | undefined;
async function smtpTransport(url: string): Promise<Transporter> {
  // Every timeout inside the server's shutdown limit (10 s, server/serve.ts), so
  // the send in hand finishes or fails before the process exits, and well inside
  // the job lease (LEASE_MS).
  const mailer = await nodemailer();
  smtp ??= mailer.createTransport({
    url,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 7_000,
  });
  return smtp;
}

/** A whole send, however slowly the server answers each step, stays under this. */
export const SEND_LIMIT_MS = 8_000;

function sendWithin<T>(send: Promise<T>, transport: Transporter): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      transport.close(); // drops the connection: the send rejects too
      smtp = undefined;
      reject(new Error(`SMTP send took longer than ${SEND_LIMIT_MS} ms`));
    }, SEND_LIMIT_MS);
    timer.unref();
  });
  return Promise.race([send, limit]).finally(() => clearTimeout(timer));
}

/**
 * Sends a queued mail, at most once per Message-ID (ADR 022). The job's
 * checkpoint says "sending <id>" before the send and "sent <id>" after it. A
 * retry that finds "sent" does not send again; one that finds "sending" comes
 * after an attempt that died in the middle of a send (the process was killed),
 * when the mail may or may not have gone out: it is not sent again blindly but
 * marked failed with a message that says so (an operator can check the mail
 * server's log for the Message-ID and queue it again). A send that failed in
 * this process (refused, timed out) clears the checkpoint and is retried.
 */
export async function sendMailJob(payload: unknown, job?: JobContext): Promise<void> {
  const message = MailMessage.parse(payload);
  if (job?.checkpoint === `sent ${message.messageId}`) return;
  if (job?.checkpoint === `sending ${message.messageId}`) {
    throw new FinalJobError(
      `An earlier attempt was interrupted while sending ${message.messageId}; it may have been delivered, so it is not sent again. Check the mail server's log for that Message-ID and queue the mail again if it is missing.`,
    );
  }
  if (job && !(await job.saveCheckpoint(`sending ${message.messageId}`))) {
    throw new Error("lost the job's lease before sending; another worker has it");
  }
  try {
    await deliver(message);
  } catch (error) {
    // Only a send known not to have gone out may simply be retried: the server
    // answered with an error, or no connection was made. A timeout in the middle
    // (ours or the socket's) keeps "sending": the server may have taken it.
    if (notSent(error)) await job?.saveCheckpoint(null);
    throw error;
  }
  await job?.saveCheckpoint(`sent ${message.messageId}`);
}

function notSent(error: unknown): boolean {
  const e = error as { responseCode?: unknown; code?: unknown; command?: unknown };
  if (typeof e.responseCode === "number" && e.responseCode >= 400) return true;
  return e.command === "CONN" || e.code === "ECONNREFUSED" || e.code === "ECONNECTION" || e.code === "EDNS";
}

async function deliver(message: MailMessage): Promise<void> {
  const mail = {
    from: senderFor(env().MAIL_FROM, message.locale),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: {
      ...message.headers,
      ...(message.locale ? { "Content-Language": message.locale } : {}),
    },
  };
  const url = env().SMTP_URL;
  if (url) {
    const transport = await smtpTransport(url);
    await sendWithin(transport.sendMail(mail), transport);
    return;
  }
  const built = await (
    await nodemailer()
  )
    .createTransport({ streamTransport: true, buffer: true, newline: "unix" })
    .sendMail(mail);
  await fs.mkdir(mailDir(), { recursive: true });
  // Named by Message-ID: a job retried after a crash rewrites the same file.
  const safeId = message.messageId.replace(/[^a-zA-Z0-9]/g, "").slice(0, 60);
  const file = path.join(mailDir(), `${Date.now()}-${safeId}.eml`);
  const existing = (await fs.readdir(mailDir())).find((f) => f.endsWith(`-${safeId}.eml`));
  await fs.writeFile(existing ? path.join(mailDir(), existing) : file, built.message as Buffer);
}
