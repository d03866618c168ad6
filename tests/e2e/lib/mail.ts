// The server writes each outgoing message as an .eml file under DATA_DIR/mail when
// no SMTP_URL is set (app/mail/mailer.server.ts). Mail leaves through the job
// worker, so the tests poll until the message for their address appears.
import fs from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { mailDir } from "./env.ts";

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
}

async function parse(file: string): Promise<Mail> {
  const parsed: ParsedMail = await simpleParser(fs.readFileSync(file));
  const to = [parsed.to ?? []]
    .flat()
    .map((a) => a.text)
    .join(", ");
  const text = parsed.text ?? "";
  const html = typeof parsed.html === "string" ? parsed.html : "";
  const links = [...new Set([...text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((m) => m[0]))];
  return { file, to, subject: parsed.subject ?? "", text, html, links };
}

/** Newest first: files are named `<epoch ms>-<message id>.eml`. */
function mailFiles(): string[] {
  const dir = mailDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs || b.localeCompare(a));
}

/** The newest message to `to` (optionally containing a link with `linkPath`), waiting for it. */
export async function waitForMail(
  to: string,
  opts: { linkPath?: string; timeoutMs?: number; notFile?: string; subject?: string } = {},
): Promise<Mail> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  const address = to.toLowerCase();
  while (Date.now() < deadline) {
    for (const file of mailFiles()) {
      if (file === opts.notFile) continue;
      const mail = await parse(file);
      if (!mail.to.toLowerCase().includes(address)) continue;
      if (opts.subject && !mail.subject.includes(opts.subject)) continue;
      if (opts.linkPath && !mail.links.some((l) => new URL(l).pathname.startsWith(opts.linkPath!))) continue;
      return mail;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const what = `${opts.linkPath ? ` with a ${opts.linkPath} link` : ""}${opts.subject ? ` about "${opts.subject}"` : ""}`;
  throw new Error(`no mail to ${to}${what} in ${mailDir()}`);
}

/** The first link in the message whose path starts with `linkPath`. */
export function linkIn(mail: Mail, linkPath: string): string {
  const link = mail.links.find((l) => new URL(l).pathname.startsWith(linkPath));
  if (!link) throw new Error(`mail "${mail.subject}" has no ${linkPath} link: ${mail.links.join(", ")}`);
  return link;
}
