// The one module that talks to mail. With SMTP_URL set it sends over SMTP;
// otherwise each message is written as an .eml file under DATA_DIR/mail, so the
// app runs fully offline and a developer can open what would have been sent.
// Messages are never sent from a request: queueMail() adds a job in the caller's
// transaction and the job worker sends it (app/jobs).
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import type { Prisma, prisma } from "~/utils/db.server.ts";
import { dataDir } from "~/utils/database-url.ts";
import { env } from "~/utils/env.server.ts";
import { enqueueJob } from "~/jobs/queue.server.ts";
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

let smtp: Transporter | undefined;
function smtpTransport(url: string): Transporter {
  // Every timeout well inside the job lease (LEASE_MS): a hung server must fail
  // the attempt before another worker may take the job over and send it again.
  smtp ??= nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return smtp;
}

export async function sendMailJob(payload: unknown): Promise<void> {
  const message = MailMessage.parse(payload);
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
    await smtpTransport(url).sendMail(mail);
    return;
  }
  const built = await nodemailer
    .createTransport({ streamTransport: true, buffer: true, newline: "unix" })
    .sendMail(mail);
  await fs.mkdir(mailDir(), { recursive: true });
  // Named by Message-ID: a job retried after a crash rewrites the same file.
  const safeId = message.messageId.replace(/[^a-zA-Z0-9]/g, "").slice(0, 60);
  const file = path.join(mailDir(), `${Date.now()}-${safeId}.eml`);
  const existing = (await fs.readdir(mailDir())).find((f) => f.endsWith(`-${safeId}.eml`));
  await fs.writeFile(existing ? path.join(mailDir(), existing) : file, built.message as Buffer);
}
