// The server secret that signs tokens we hand out in mail (unsubscribe links).
// APP_SECRET wins; otherwise a random secret is created once under DATA_DIR and
// read back on every later start, so links in mail already sent keep working.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "~/utils/database-url.ts";
import { env } from "~/utils/env.server.ts";

let cached: string | undefined;

export function secretKeyFile(): string {
  return path.join(dataDir(), "secret.key");
}

export function appSecret(): string {
  if (cached) return cached;
  const configured = env().APP_SECRET;
  if (configured) return (cached = configured);
  const file = secretKeyFile();
  try {
    cached = fs.readFileSync(file, "utf8").trim();
    if (cached.length >= 32) return cached;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fresh = crypto.randomBytes(32).toString("hex");
  try {
    // "wx": of two processes starting at once, only one creates the file; the
    // other reads what the first wrote.
    fs.writeFileSync(file, `${fresh}\n`, { flag: "wx", mode: 0o600 });
    cached = fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    cached = fs.readFileSync(file, "utf8").trim();
  }
  return cached;
}

/** HMAC-SHA256 over purpose and subject: a token for one purpose is useless for another. */
export function signToken(purpose: string, subject: string): string {
  const mac = crypto.createHmac("sha256", appSecret()).update(`${purpose}\n${subject}`).digest("base64url");
  return `${Buffer.from(subject).toString("base64url")}.${mac}`;
}

/** The subject a token was signed for, or null when it is malformed or forged. */
export function verifyToken(purpose: string, token: string | null | undefined): string | null {
  if (typeof token !== "string" || token.length > 512) return null;
  const [encoded, mac, extra] = token.split(".");
  if (!encoded || !mac || extra !== undefined) return null;
  const subject = Buffer.from(encoded, "base64url").toString();
  if (!subject) return null;
  const expected = Buffer.from(signToken(purpose, subject).split(".")[1]!);
  const given = Buffer.from(mac);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? subject : null;
}
