// Test accounts: create a user straight through the model and sign them in,
// without going through the (rate-limited) sign-up and login forms.
import { createUser, type CreateUserInput } from "~/models/user.server.ts";
import { startSession } from "~/auth/session.server.ts";
import { sessionCookieHeader } from "./route.ts";
import { prisma } from "~/utils/db.server.ts";

let counter = 0;

export const TEST_PASSWORD = "violet-harbour-lantern-42";

export async function createTestUser(overrides: Partial<CreateUserInput> = {}) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  const input: CreateUserInput = {
    email: `user-${tag}@example.cn`,
    username: `user_${tag}`,
    displayName: `Test User ${counter}`,
    password: TEST_PASSWORD,
    emailVerified: true,
    ...overrides,
  };
  const { id } = await createUser(input);
  return { id, email: input.email.toLowerCase(), username: input.username.toLowerCase(), password: input.password };
}

/** Starts a session for the user and returns the Cookie header value that carries it. */
export async function cookieFor(userId: string): Promise<string> {
  const setCookie = await startSession(userId, { secure: false });
  const token = /bee_session=([^;]*)/.exec(setCookie)?.[1];
  if (!token) throw new Error("no session cookie");
  return sessionCookieHeader(token);
}

/** A fresh client IP for each call, so rate limits of one test do not touch another. */
let ipCounter = 0;
export function freshIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

type Role = "member" | "moderator" | "ministry" | "admin";

/**
 * A verified member old enough to post without the new-member limits, optionally
 * verified at a base, as the actor the models take.
 */
export async function createPostingMember(opts: { role?: Role; baseId?: string } = {}) {
  const role = opts.role ?? "member";
  const u = await createTestUser({ role });
  const row = await prisma.user.update({
    where: { id: u.id },
    data: {
      createdAt: new Date(Date.now() - 3 * 86_400_000),
      ...(opts.baseId ? { baseId: opts.baseId, baseVerifiedAt: new Date() } : {}),
    },
  });
  return {
    id: u.id,
    role,
    emailVerified: true,
    baseId: opts.baseId ?? null,
    baseVerified: Boolean(opts.baseId),
    displayName: row.displayName,
    username: row.username,
    createdAt: row.createdAt,
  };
}
