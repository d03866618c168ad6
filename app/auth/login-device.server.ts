// Device tokens (ADR 018): after a successful login the browser keeps a long-lived
// cookie naming the account and a random device id, HMAC-signed with the app
// secret (app/utils/secret.server.ts). A browser that holds one for the account
// it logs into is the owner's own device: its attempts are counted on their own
// and are never held back by failures from elsewhere, so nobody can lock an
// owner out of their own browser by guessing from another address.
// The token grants nothing else: it is not a session and opens no page.
import crypto from "node:crypto";
import { signToken, verifyToken } from "~/utils/secret.server.ts";

export const DEVICE_COOKIE = "bee_device";
const PURPOSE = "login-device";
/** A browser remembers this many accounts (the newest login first). */
const MAX_ACCOUNTS = 4;
const MAX_AGE_SECONDS = 400 * 24 * 3600; // the longest lifetime browsers allow a cookie

interface DeviceEntry {
  userId: string;
  deviceId: string;
  token: string;
}

function readEntries(cookieHeader: string | null | undefined): DeviceEntry[] {
  if (!cookieHeader) return [];
  let raw: string | undefined;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) raw = rest.join("=");
  }
  if (!raw || raw.length > 2048) return [];
  const entries: DeviceEntry[] = [];
  for (const token of raw.split("~").slice(0, MAX_ACCOUNTS)) {
    const subject = verifyToken(PURPOSE, token);
    const match = subject ? /^([^:]{1,64}):([A-Za-z0-9_-]{16,64})$/.exec(subject) : null;
    if (match) entries.push({ userId: match[1]!, deviceId: match[2]!, token });
  }
  return entries;
}

/** The id of this browser for `userId`, when it holds a valid device token for that account. */
export function knownDeviceId(cookieHeader: string | null | undefined, userId: string): string | null {
  return readEntries(cookieHeader).find((e) => e.userId === userId)?.deviceId ?? null;
}

/**
 * The Set-Cookie that remembers this browser for `userId` (keeping its device id
 * if it had one), in front of the other accounts it remembers.
 */
export function rememberDevice(cookieHeader: string | null | undefined, userId: string, secure: boolean): string {
  const entries = readEntries(cookieHeader);
  const own = entries.find((e) => e.userId === userId);
  const deviceId = own?.deviceId ?? crypto.randomBytes(18).toString("base64url");
  const token = own?.token ?? signToken(PURPOSE, `${userId}:${deviceId}`);
  const tokens = [token, ...entries.filter((e) => e.userId !== userId).map((e) => e.token)].slice(0, MAX_ACCOUNTS);
  const parts = [
    `${DEVICE_COOKIE}=${tokens.join("~")}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${MAX_AGE_SECONDS}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
