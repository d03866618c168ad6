// Accounts: the only writer of User rows for sign-up, verification, password
// and profile changes (role changes and suspension live in user-admin.server.ts),
// and of the single-use mail tokens (UserToken). Passwords are hashed here, so a
// plain password never reaches the database or leaves this module.
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { appOrigin } from "~/utils/env.server.ts";
import { hashPassword, verifyPassword, burnPasswordCheck } from "~/auth/password.server.ts";
import { generateToken, hashToken } from "~/auth/tokens.server.ts";
import { endAllSessions } from "~/auth/session.server.ts";
import { queueMail } from "~/mail/mailer.server.ts";
import { mailTemplates } from "~/mail/templates.server.ts";
import { isLocale, type Locale } from "~/i18n/config.ts";
import { writeAudit } from "./audit.server.ts";
import { serializeNotificationSettings, type NotificationSettings } from "./notification-settings.ts";

type Tx = Prisma.TransactionClient;

export const VERIFY_EMAIL_TTL_MS = 24 * 3600 * 1000;
export const RESET_PASSWORD_TTL_MS = 3600 * 1000;

export type TokenPurpose = "verify-email" | "reset-password";
export type UserRole = "member" | "moderator" | "ministry" | "admin";

export interface CreateUserInput {
  email: string;
  username: string;
  displayName: string;
  password: string;
  locale?: Locale | null;
  role?: UserRole;
  emailVerified?: boolean;
  isDemo?: boolean;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Creates a user. The caller has validated the fields; this only normalises and hashes. */
export async function createUser(input: CreateUserInput, tx?: Tx): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  return (tx ?? prisma).user.create({
    data: {
      email: normaliseEmail(input.email),
      username: normaliseUsername(input.username),
      displayName: input.displayName.trim(),
      passwordHash,
      locale: input.locale ?? null,
      role: input.role ?? "member",
      emailVerifiedAt: input.emailVerified ? new Date() : null,
      isDemo: input.isDemo ?? false,
    },
    select: { id: true },
  });
}

/** Which of email and username are already in use (both checked, so the form can show both errors). */
export async function findTaken(email: string, username: string): Promise<{ email: boolean; username: boolean }> {
  const rows = await prisma.user.findMany({
    where: { OR: [{ email: normaliseEmail(email) }, { username: normaliseUsername(username) }] },
    select: { email: true, username: true },
  });
  return {
    email: rows.some((r) => r.email === normaliseEmail(email)),
    username: rows.some((r) => r.username === normaliseUsername(username)),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

async function issueToken(tx: Tx, userId: string, purpose: TokenPurpose, ttlMs: number): Promise<string> {
  const token = generateToken();
  await tx.userToken.create({
    data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs) },
  });
  return token;
}

/**
 * Marks a token used if it exists, has this purpose, is unused and unexpired —
 * in one conditional UPDATE, so two requests racing with the same link cannot
 * both succeed. Returns the token's user id, or null.
 */
async function consumeToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<string | null> {
  const tokenHash = hashToken(token);
  const now = new Date();
  const { count } = await tx.userToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const row = await tx.userToken.findUnique({ where: { tokenHash }, select: { userId: true } });
  return row?.userId ?? null;
}

export function verifyEmailUrl(token: string): string {
  return `${appOrigin()}/verify-email?token=${token}`;
}

export function resetPasswordUrl(token: string): string {
  return `${appOrigin()}/reset-password?token=${token}`;
}

async function queueVerificationMail(tx: Tx, user: { id: string; email: string; displayName: string }, locale: Locale) {
  const token = await issueToken(tx, user.id, "verify-email", VERIFY_EMAIL_TTL_MS);
  await queueMail(tx, {
    to: user.email,
    ...mailTemplates.verifyEmail(locale, { name: user.displayName, url: verifyEmailUrl(token) }),
  });
}

/**
 * What a sign-up did. The route answers "created" and "existing" alike (issue
 * 10.4): whether an address is registered is never told to whoever typed it;
 * its owner gets a mail instead. Usernames are public (/u/<name>), so a taken
 * one is said plainly — decided on the username alone.
 */
export type SignUpResult = { kind: "created"; userId: string } | { kind: "existing" } | { kind: "username-taken" };

/**
 * Sign-up: the user, their verification token and the verification mail are
 * written in one transaction — there is never an account without its mail. For
 * an address that already has an account, its owner is told (in their language)
 * that someone tried, unless `notifyExisting` is false (the route's per-address
 * limit), and the password is hashed all the same, so both take as long.
 */
export async function signUp(
  input: {
    email: string;
    username: string;
    displayName: string;
    password: string;
    /** The privacy policy version agreed to (PIPL); recorded with the time on the new account. */
    privacyPolicyVersion?: string;
  },
  locale: Locale,
  opts: { notifyExisting: boolean } = { notifyExisting: true },
): Promise<SignUpResult> {
  const email = normaliseEmail(input.email);
  const username = normaliseUsername(input.username);
  const taken = await findTaken(email, username);
  if (taken.username) return { kind: "username-taken" };
  const passwordHash = await hashPassword(input.password);
  if (taken.email) {
    await notifyExistingAccount(email, locale, opts.notifyExisting);
    return { kind: "existing" };
  }
  try {
    const userId = await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email,
          username,
          displayName: input.displayName.trim(),
          passwordHash,
          ...(input.privacyPolicyVersion
            ? { privacyConsentAt: new Date(), privacyPolicyVersion: input.privacyPolicyVersion }
            : {}),
        },
        select: { id: true, email: true, displayName: true },
      });
      await queueVerificationMail(tx, user, locale);
      return user.id;
    });
    return { kind: "created", userId };
  } catch (error) {
    // Someone took the address or the name between the check and the insert.
    if (!isUniqueViolation(error)) throw error;
    const again = await findTaken(email, username);
    if (again.username && !again.email) return { kind: "username-taken" };
    await notifyExistingAccount(email, locale, opts.notifyExisting);
    return { kind: "existing" };
  }
}

async function notifyExistingAccount(email: string, requestLocale: Locale, send: boolean): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { email },
      select: { email: true, username: true, displayName: true, locale: true },
    });
    if (!user || !send) return;
    const locale = isLocale(user.locale) ? user.locale : requestLocale;
    await queueMail(tx, {
      to: user.email,
      ...mailTemplates.signupExisting(locale, {
        name: user.displayName,
        username: user.username,
        loginUrl: `${appOrigin()}/login`,
        forgotUrl: `${appOrigin()}/forgot-password`,
      }),
    });
  });
}

/** Sends a new verification mail to a signed-in, unverified user. False when already verified. */
export async function resendVerification(userId: string, locale: Locale): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, displayName: true, emailVerifiedAt: true },
    });
    if (!user || user.emailVerifiedAt) return false;
    await queueVerificationMail(tx, user, locale);
    return true;
  });
}

/** Consumes a verification link. Returns the verified user's id, or null for a bad, used or expired link. */
export async function verifyEmail(token: string): Promise<string | null> {
  return prisma.$transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "verify-email");
    if (!userId) return null;
    await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    return userId;
  });
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid"; userId: string | null }
  | { ok: false; reason: "suspended"; userId: string };

/** Checks a login by email (contains "@") or username. Takes the same time whether or not the account exists. */
export async function checkLogin(login: string, password: string): Promise<LoginResult> {
  const key = login.trim().toLowerCase();
  const user = await prisma.user.findUnique({
    where: key.includes("@") ? { email: key } : { username: key },
    select: { id: true, passwordHash: true, suspendedAt: true },
  });
  if (!user) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "invalid", userId: null };
  }
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid", userId: user.id };
  // Only told after the right password, so suspension does not reveal that an account exists.
  if (user.suspendedAt) return { ok: false, reason: "suspended", userId: user.id };
  return { ok: true, userId: user.id };
}

/** The user id a login name refers to, for per-account rate limits. */
export async function userIdForLogin(login: string): Promise<string | null> {
  const key = login.trim().toLowerCase();
  const user = await prisma.user.findUnique({
    where: key.includes("@") ? { email: key } : { username: key },
    select: { id: true },
  });
  return user?.id ?? null;
}

/**
 * Starts a password reset. Queues the mail only if the address belongs to an
 * account; the caller answers the same either way.
 */
export async function requestPasswordReset(email: string, requestLocale: Locale): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { email: normaliseEmail(email) },
      select: { id: true, email: true, displayName: true, locale: true },
    });
    if (!user) return;
    const token = await issueToken(tx, user.id, "reset-password", RESET_PASSWORD_TTL_MS);
    const locale = isLocale(user.locale) ? user.locale : requestLocale;
    await queueMail(tx, {
      to: user.email,
      ...mailTemplates.resetPassword(locale, { name: user.displayName, url: resetPasswordUrl(token) }),
    });
  });
}

/** Whether a reset link can still be used (for showing the form, without consuming it). */
export async function resetTokenUsable(token: string): Promise<boolean> {
  const row = await prisma.userToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { purpose: true, usedAt: true, expiresAt: true },
  });
  return !!row && row.purpose === "reset-password" && !row.usedAt && row.expiresAt > new Date();
}

/** The account a usable reset link belongs to (the policy check needs its email and username). */
export async function resetTokenUser(token: string): Promise<{ email: string; username: string } | null> {
  const row = await prisma.userToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { purpose: true, usedAt: true, expiresAt: true, user: { select: { email: true, username: true } } },
  });
  if (!row || row.purpose !== "reset-password" || row.usedAt || row.expiresAt <= new Date()) return null;
  return row.user;
}

/**
 * Sets a new password from a reset link. Consuming the link, changing the hash,
 * spending the user's other reset links and ending every session happen in one
 * transaction. Returns the user id, or null for a bad, used or expired link.
 */
export async function resetPassword(token: string, newPassword: string): Promise<string | null> {
  const passwordHash = await hashPassword(newPassword);
  return prisma.$transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "reset-password");
    if (!userId) return null;
    const now = new Date();
    // The mail proves the address works, so an unverified address becomes verified.
    const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, ...(user?.emailVerifiedAt ? {} : { emailVerifiedAt: now }) },
    });
    await tx.userToken.updateMany({
      where: { userId, purpose: "reset-password", usedAt: null },
      data: { usedAt: now },
    });
    await tx.session.deleteMany({ where: { userId } });
    return userId;
  });
}

export type ChangePasswordResult = "ok" | "wrong-password";

/** Changes a password after checking the current one; ends every other session of the user. */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string | null,
): Promise<ChangePasswordResult> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) return "wrong-password";
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
  });
  return "ok";
}

/** Ends every session of the user (the "log out everywhere" button). */
export function logOutEverywhere(userId: string): Promise<void> {
  return endAllSessions(userId);
}

/**
 * Changes a display name. When someone other than the owner does it (an admin),
 * the change is audited in the same transaction.
 */
export async function updateDisplayName(actorId: string, userId: string, displayName: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { displayName: true } });
    if (!before) return;
    await tx.user.update({ where: { id: userId }, data: { displayName: displayName.trim() } });
    if (actorId !== userId) {
      await writeAudit(tx, {
        actorId,
        action: "user.rename",
        targetType: "user",
        targetId: userId,
        details: { from: before.displayName, to: displayName.trim() },
      });
    }
  });
}

/**
 * Changes the profile's own fields (display name, position, introduction). The
 * caller has checked the values (profile-fields.ts). When someone other than the
 * owner does it (an admin), the change is audited in the same transaction.
 */
export async function updateProfile(
  actorId: string,
  userId: string,
  fields: { displayName: string; title: string; bio: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({
      where: { id: userId },
      select: { displayName: true, title: true, bio: true, deletedAt: true },
    });
    if (!before || before.deletedAt) return;
    const after = { displayName: fields.displayName.trim(), title: fields.title, bio: fields.bio };
    await tx.user.update({ where: { id: userId }, data: after });
    if (actorId === userId) return;
    if (before.displayName !== after.displayName) {
      await writeAudit(tx, {
        actorId,
        action: "user.rename",
        targetType: "user",
        targetId: userId,
        details: { from: before.displayName, to: after.displayName },
      });
    }
    const changed = (["title", "bio"] as const).filter((k) => before[k] !== after[k]);
    if (changed.length) {
      await writeAudit(tx, {
        actorId,
        action: "user.profile",
        targetType: "user",
        targetId: userId,
        details: { fields: changed.join(", ") },
      });
    }
  });
}

/** Stores notification settings, always in their one serialized form (the mail job matches it). */
export async function setNotificationSettings(userId: string, settings: NotificationSettings): Promise<void> {
  await prisma.user.update({
    where: { id: userId },
    data: { notificationSettings: serializeNotificationSettings(settings) },
  });
}

/** null = follow the browser. */
export async function updateLocale(userId: string, locale: Locale | null): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { locale } });
}

export async function settingsUser(userId: string) {
  return prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      emailVerifiedAt: true,
      username: true,
      displayName: true,
      locale: true,
      emailNotifications: true,
      notificationSettings: true,
    },
  });
}

/** Email notifications on or off (settings checkbox, unsubscribe link). Returns false for an unknown user. */
export async function setEmailNotifications(userId: string, on: boolean): Promise<boolean> {
  const { count } = await prisma.user.updateMany({ where: { id: userId }, data: { emailNotifications: on } });
  return count === 1;
}

export const profileSelect = {
  id: true,
  username: true,
  displayName: true,
  title: true,
  bio: true,
  role: true,
  createdAt: true,
  isDemo: true,
  suspendedAt: true,
  baseVerifiedAt: true,
  base: { select: { slug: true, nameZh: true, nameEn: true } },
} as const satisfies Prisma.UserSelect;

export type Profile = Prisma.UserGetPayload<{ select: typeof profileSelect }>;

/** A member's profile, with their base's names (every profile view asks: read connection, ADR 048). */
export async function profileByUsername(username: string): Promise<Profile | null> {
  // A deleted account has no profile (ADR 037): its username was freed and its fields erased.
  const row = (await readStatement(
    `SELECT u.id, u.username, u.displayName, u.title, u.bio, u.role, u.createdAt, u.isDemo, u.suspendedAt,
            u.baseVerifiedAt, b.slug AS baseSlug, b.nameZh AS baseNameZh, b.nameEn AS baseNameEn
       FROM User u LEFT JOIN Base b ON b.id = u.baseId
      WHERE u.username = ? AND u.deletedAt IS NULL`,
  ).get(normaliseUsername(username))) as
    | (Omit<Profile, "createdAt" | "isDemo" | "suspendedAt" | "baseVerifiedAt" | "base"> & {
        createdAt: string;
        isDemo: number;
        suspendedAt: string | null;
        baseVerifiedAt: string | null;
        baseSlug: string | null;
        baseNameZh: string | null;
        baseNameEn: string | null;
      })
    | undefined;
  if (!row) return null;
  const { baseSlug, baseNameZh, baseNameEn, createdAt, isDemo, suspendedAt, baseVerifiedAt, ...rest } = row;
  return {
    ...rest,
    createdAt: readDate(createdAt)!,
    isDemo: isDemo === 1,
    suspendedAt: readDate(suspendedAt),
    baseVerifiedAt: readDate(baseVerifiedAt),
    base: baseSlug ? { slug: baseSlug, nameZh: baseNameZh ?? "", nameEn: baseNameEn ?? "" } : null,
  };
}

/** For the admin CLI: promotes an existing user to admin. False when there is no such user. */
export async function promoteToAdmin(
  email: string,
): Promise<{ id: string; username: string; alreadyAdmin: boolean } | null> {
  const user = await prisma.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: { id: true, username: true, role: true },
  });
  if (!user) return null;
  if (user.role === "admin") return { id: user.id, username: user.username, alreadyAdmin: true };
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { role: "admin" } });
    await writeAudit(tx, {
      actorId: user.id,
      action: "user.role",
      targetType: "user",
      targetId: user.id,
      reason: "create-admin CLI",
      details: { from: user.role, to: "admin" },
    });
  });
  return { id: user.id, username: user.username, alreadyAdmin: false };
}
