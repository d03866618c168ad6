// Sessions with lucia 3. The cookie carries a random token; the Session row's id
// is the token's SHA-256 (docs/decisions/003-hashed-session-tokens.md). 30-day sliding expiry:
// lucia extends a session used in its second half, and we then re-send the cookie.
import { Lucia, TimeSpan, type DatabaseSession, type DatabaseUser as LuciaDatabaseUser } from "lucia";
import { PrismaAdapter } from "@lucia-auth/adapter-prisma";
import { prisma } from "~/utils/db.server.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { generateToken, hashToken } from "./tokens.server.ts";

export const SESSION_COOKIE = "bee_session";
const SESSION_DAYS = 30;

/**
 * Prisma's adapter, except that the lookup every request makes (session and its
 * user) runs on the read connection (ADR 012): one indexed JOIN instead of two
 * passes through Prisma's engine. Creating, extending and deleting sessions stay
 * on Prisma. The member's unread notifications (the header's bell, on every page)
 * come in the same statement: a statement of their own cost every member page
 * ~0.05–0.1 ms in a busy process (issue 15.1).
 */
class SessionAdapter extends PrismaAdapter<typeof prisma> {
  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, LuciaDatabaseUser | null]> {
    const row = (await readStatement(
      `SELECT s.id AS sessionId, s.expiresAt, s.createdAt AS sessionCreatedAt, s.userAgent,
              u.id, u.email, u.emailVerifiedAt, u.username, u.displayName, u.role, u.locale, u.suspendedAt,
              u.baseId, u.baseVerifiedAt, u.createdAt,
              (SELECT count(*) FROM Notification n WHERE n.userId = u.id AND n.readAt IS NULL) AS unreadNotifications
         FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ?`,
    ).get(sessionId)) as
      | (DatabaseUser & {
          sessionId: string;
          expiresAt: string;
          sessionCreatedAt: string;
          userAgent: string | null;
          id: string;
        })
      | undefined;
    if (!row) return [null, null];
    const { sessionId: id, expiresAt, sessionCreatedAt, userAgent, id: userId, ...attributes } = row;
    return [
      { id, userId, expiresAt: readDate(expiresAt)!, attributes: { createdAt: readDate(sessionCreatedAt), userAgent } },
      { id: userId, attributes },
    ];
  }
}

export const lucia = new Lucia(new SessionAdapter(prisma.session, prisma.user), {
  sessionExpiresIn: new TimeSpan(SESSION_DAYS, "d"),
  sessionCookie: { name: SESSION_COOKIE },
  getUserAttributes: (a) => a,
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: DatabaseUser;
  }
}

interface DatabaseUser {
  email: string;
  emailVerifiedAt: Date | string | null;
  username: string;
  displayName: string;
  role: string;
  locale: string | null;
  suspendedAt: Date | string | null;
  baseId: string | null;
  baseVerifiedAt: Date | string | null;
  createdAt: Date | string;
  /** Read with the session (getSessionAndUser); absent where lucia reads a user otherwise. */
  unreadNotifications?: number;
}

/** What every loader sees of the signed-in user (never the password hash). */
export interface SessionUser {
  id: string;
  email: string;
  emailVerified: boolean;
  username: string;
  displayName: string;
  role: string;
  locale: string | null;
  baseId: string | null;
  baseVerified: boolean;
  createdAt: Date;
  /** Unread notifications when the session was read (this request); absent for a user built otherwise. */
  unreadNotifications?: number;
}

function toSessionUser(id: string, a: DatabaseUser): SessionUser {
  return {
    id,
    email: a.email,
    emailVerified: a.emailVerifiedAt != null,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    locale: a.locale,
    baseId: a.baseId,
    baseVerified: a.baseId != null && a.baseVerifiedAt != null,
    createdAt: new Date(a.createdAt),
    ...(a.unreadNotifications === undefined ? {} : { unreadNotifications: Number(a.unreadNotifications) }),
  };
}

export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds?: number }): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${opts.maxAgeSeconds ?? SESSION_DAYS * 24 * 3600}`,
  ];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(opts: { secure: boolean }): string {
  return sessionCookie("", { ...opts, maxAgeSeconds: 0 });
}

export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** Starts a session and returns the Set-Cookie value for it. */
export async function startSession(
  userId: string,
  opts: { secure: boolean; userAgent?: string | null },
): Promise<string> {
  const token = generateToken();
  await lucia.createSession(userId, {}, { sessionId: hashToken(token) });
  if (opts.userAgent) {
    await prisma.session.update({ where: { id: hashToken(token) }, data: { userAgent: opts.userAgent.slice(0, 200) } });
  }
  return sessionCookie(token, { secure: opts.secure });
}

export interface Authenticated {
  user: SessionUser | null;
  sessionId: string | null;
  /** Set-Cookie to send back: a refreshed cookie (sliding expiry) or a blank one. */
  setCookie: string | null;
}

export async function authenticate(
  cookieHeader: string | null | undefined,
  opts: { secure: boolean },
): Promise<Authenticated> {
  const token = readSessionToken(cookieHeader);
  if (!token) {
    const hadCookie = cookieHeader?.includes(`${SESSION_COOKIE}=`) ?? false;
    return { user: null, sessionId: null, setCookie: hadCookie ? blankSessionCookie(opts) : null };
  }
  const { session, user } = await lucia.validateSession(hashToken(token));
  if (!session || !user || user.suspendedAt) {
    if (session) await lucia.invalidateSession(session.id);
    return { user: null, sessionId: null, setCookie: blankSessionCookie(opts) };
  }
  return {
    user: toSessionUser(user.id, user as unknown as DatabaseUser),
    sessionId: session.id,
    setCookie: session.fresh ? sessionCookie(token, opts) : null,
  };
}

export async function endSession(sessionId: string): Promise<void> {
  await lucia.invalidateSession(sessionId);
}

/** Ends every session of a user, optionally keeping the current one. */
export async function endAllSessions(userId: string, opts: { except?: string } = {}): Promise<void> {
  await prisma.session.deleteMany({ where: { userId, ...(opts.except ? { id: { not: opts.except } } : {}) } });
}
