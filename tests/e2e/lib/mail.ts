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

interface MailFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/** Newest first: files are named `<epoch ms>-<message id>.eml`. */
function mailFiles(): MailFile[] {
  const dir = mailDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => {
      const file = path.join(dir, f);
      const { size, mtimeMs } = fs.statSync(file);
      return { file, size, mtimeMs };
    })
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.file.localeCompare(a.file));
}

// Parsed messages by file. A late test's wait polled every 250 ms and parsed every message
// the run had sent (hundreds), taking CPU from the server and the browser on two cores.
const parsedMail = new Map<string, { size: number; mtimeMs: number; mail: Promise<Mail> }>();

function parseOnce({ file, size, mtimeMs }: MailFile): Promise<Mail> {
  const cached = parsedMail.get(file);
  // A file still being written has another size or time on the next poll: parsed again then.
  if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached.mail;
  const mail = parse(file);
  parsedMail.set(file, { size, mtimeMs, mail });
  return mail;
}

/** The newest message to `to` (optionally containing a link with `linkPath`), waiting for it. */
export async function waitForMail(
  to: string,
  opts: { linkPath?: string; timeoutMs?: number; notFile?: string; subject?: string } = {},
): Promise<Mail> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  const address = to.toLowerCase();
  while (Date.now() < deadline) {
    for (const entry of mailFiles()) {
      if (entry.file === opts.notFile) continue;
      const mail = await parseOnce(entry);
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
