// Accounts end to end through the real route modules on a real SQLite database:
// sign-up, verification, login, logout, reset, settings, profiles, rate limits.
import { describe, expect, it } from "vitest";
import * as signup from "~/routes/signup/route.tsx";
import * as login from "~/routes/login/route.tsx";
import * as logout from "~/routes/logout/route.tsx";
import * as verify from "~/routes/verify-email/route.tsx";
import * as forgot from "~/routes/forgot-password/route.tsx";
import * as resetRoute from "~/routes/reset-password/route.tsx";
import * as settings from "~/routes/settings/route.tsx";
import * as profile from "~/routes/u.$username/route.tsx";
import * as profileEdit from "~/routes/u.$username_.edit/route.tsx";
import { prisma } from "~/utils/db.server.ts";
import { hashToken } from "~/auth/tokens.server.ts";
import { LIMITS } from "~/utils/rate-limit.server.ts";
import { callRoute, sessionCookieHeader, type RouteResult } from "../helpers/route.ts";
import { TEST_PASSWORD, cookieFor, createTestUser, freshIp } from "../helpers/users.ts";

const NEW_PASSWORD = "copper-kettle-monsoon-17";

function cookieOf(res: RouteResult): string {
  if (!res.sessionToken) throw new Error(`no session cookie (status ${res.status})`);
  return sessionCookieHeader(res.sessionToken);
}

async function sessionsOf(userId: string) {
  return prisma.session.findMany({ where: { userId }, select: { id: true } });
}

async function mailsTo(email: string) {
  const jobs = await prisma.job.findMany({ where: { kind: "mail" }, orderBy: { createdAt: "asc" } });
  return jobs
    .map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string; html: string })
    .filter((m) => m.to === email);
}

function linkToken(text: string, path: string): string {
  const match = new RegExp(`${path}\\?token=([a-z2-7]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in mail:\n${text}`);
  return match[1]!;
}

async function doSignup(form: Record<string, string>, ip = freshIp()) {
  // The privacy-policy checkbox is ticked unless a test says otherwise.
  return callRoute(signup.action, {
    path: "/signup",
    form: { privacyConsent: "on", ...form },
    headers: { "x-test-ip": ip },
  });
}

async function doLogin(
  loginName: string,
  password: string,
  opts: { ip?: string; cookie?: string; redirectTo?: string } = {},
) {
  return callRoute(login.action, {
    path: "/login",
    form: { login: loginName, password, ...(opts.redirectTo ? { redirectTo: opts.redirectTo } : {}) },
    headers: { "x-test-ip": opts.ip ?? freshIp() },
    cookie: opts.cookie,
  });
}

function formErrors(res: RouteResult): string[] {
  return res.data?.result?.error?.[""] ?? [];
}

function fieldErrors(res: RouteResult, field: string): string[] {
  return res.data?.result?.error?.[field] ?? [];
}

describe("sign up", () => {
  it("creates the user and a queued verification mail with a single-use link, and starts no session", async () => {
    const res = await doSignup({
      email: "  Zhang.Wei@Example.CN ",
      username: "Zhang_Wei",
      displayName: "张伟",
      password: "silk-road-harbour-2024",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/verify-email\?notice=sent/);
    // No session: an address that already has an account gets this same answer (issue 10.4).
    expect(res.headers.get("set-cookie")).toBeNull();
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "zhang.wei@example.cn" } });
    expect(user.username).toBe("zhang_wei");
    expect(user.displayName).toBe("张伟");
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("silk-road-harbour-2024");

    expect(await sessionsOf(user.id)).toEqual([]);

    const [mail] = await mailsTo("zhang.wei@example.cn");
    expect(mail).toBeDefined();
    const link = linkToken(mail!.text, "/verify-email");
    expect(mail!.text).toContain(`http://127.0.0.1:3000/verify-email?token=${link}`);
    // The token itself is not stored, only its hash.
    const stored = await prisma.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(link) } });
    expect(stored.purpose).toBe("verify-email");
    expect(stored.userId).toBe(user.id);
    expect(await prisma.userToken.count({ where: { tokenHash: link } })).toBe(0);
    const ttl = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(ttl).toBeGreaterThan(23.9 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000 + 1000);

    // The new member logs in with the password they chose, verified or not yet.
    const loggedIn = await doLogin("zhang_wei", "silk-road-harbour-2024");
    expect(loggedIn.status).toBe(302);
    // The cookie's token is not what the database stores: only its SHA-256.
    const token = loggedIn.sessionToken!;
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect((await sessionsOf(user.id)).map((s) => s.id)).toEqual([hashToken(token)]);
    const page = await callRoute(settings.loader, { path: "/settings", cookie: cookieOf(loggedIn) });
    expect(page.status).toBe(200);
    expect(page.data.user.emailVerified).toBe(false);
  });

  it("writes the verification mail in the visitor's language", async () => {
    await callRoute(signup.action, {
      path: "/signup?lang=en",
      form: {
        email: "li.na@example.cn",
        username: "lina",
        displayName: "Li Na",
        password: "silk-road-harbour-2024",
        privacyConsent: "on",
      },
      headers: { "x-test-ip": freshIp() },
    });
    const [mail] = await mailsTo("li.na@example.cn");
    expect(mail!.subject).toBe("Confirm your email address");
  });

  it("requires consent to the privacy policy, and records when and which version was agreed to", async () => {
    const refused = await doSignup({
      email: "consent-no@example.cn",
      username: "consent_no",
      displayName: "No Consent",
      password: "silk-road-harbour-2024",
      privacyConsent: "",
    });
    expect(refused.status).toBe(400);
    expect(fieldErrors(refused, "privacyConsent")).toEqual(["privacy:consent.required"]);
    expect(await prisma.user.count({ where: { email: "consent-no@example.cn" } })).toBe(0);
    // The message exists in both languages.
    const { tFor } = await import("~/i18n/i18n.server.ts");
    expect(tFor("zh-CN")("privacy:consent.required")).toContain("隐私政策");
    expect(tFor("en")("privacy:consent.required")).toContain("privacy policy");

    const before = Date.now();
    const ok = await doSignup({
      email: "consent-yes@example.cn",
      username: "consent_yes",
      displayName: "Consent",
      password: "silk-road-harbour-2024",
    });
    expect(ok.status).toBe(303);
    const row = await prisma.user.findUniqueOrThrow({
      where: { email: "consent-yes@example.cn" },
      select: { privacyConsentAt: true, privacyPolicyVersion: true },
    });
    const { env } = await import("~/utils/env.server.ts");
    expect(row.privacyPolicyVersion).toBe(env().PRIVACY_POLICY_VERSION);
    expect(row.privacyConsentAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("rejects weak passwords and bad fields with i18n keys, keeping what was typed but never the password", async () => {
    const res = await doSignup({ email: "not-an-email", username: "ab", displayName: "", password: "1234567890" });
    expect(res.status).toBe(400);
    expect(fieldErrors(res, "email")).toContain("auth:errors.emailInvalid");
    expect(fieldErrors(res, "username")).toContain("auth:errors.usernameTooShort");
    expect(fieldErrors(res, "displayName")).toContain("auth:errors.displayNameRequired");
    expect(fieldErrors(res, "password")).toContain("auth:errors.passwordCommon");
    expect(res.data.result.initialValue.email).toBe("not-an-email");
    expect(JSON.stringify(res.data)).not.toContain("1234567890");

    const same = await doSignup({
      email: "wang.fang@example.cn",
      username: "wangfang-2024",
      displayName: "王芳",
      password: "Wangfang-2024",
    });
    expect(same.status).toBe(400);
    expect(fieldErrors(same, "password")).toContain("auth:errors.passwordIsUsername");
    expect(await prisma.user.count({ where: { email: "wang.fang@example.cn" } })).toBe(0);
  });

  it("reports a taken username (public anyway) but never whether the email is registered", async () => {
    const existing = await createTestUser();
    const res = await doSignup({
      email: existing.email.toUpperCase(),
      username: existing.username,
      displayName: "Someone",
      password: "silk-road-harbour-2024",
    });
    expect(res.status).toBe(400);
    expect(fieldErrors(res, "email")).toEqual([]);
    expect(fieldErrors(res, "username")).toEqual(["auth:errors.usernameTaken"]);
  });
});

describe("email verification", () => {
  async function signUpAndGetLink() {
    const email = `v-${Math.random().toString(36).slice(2, 8)}@example.cn`;
    const res = await doSignup({
      email,
      username: email.split("@")[0]!,
      displayName: "验证测试",
      password: "silk-road-harbour-2024",
    });
    expect(res.status).toBe(303);
    const [mail] = await mailsTo(email);
    const loggedIn = await doLogin(email, "silk-road-harbour-2024");
    return { email, cookie: cookieOf(loggedIn), token: linkToken(mail!.text, "/verify-email") };
  }

  it("verifies once; the same link fails the second time", async () => {
    const { email, token } = await signUpAndGetLink();
    const first = await callRoute(verify.loader, { path: `/verify-email?token=${token}` });
    expect(first.data.state).toBe("verified");
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).not.toBeNull();
    const second = await callRoute(verify.loader, { path: `/verify-email?token=${token}` });
    expect(second.status).toBe(400);
    expect(second.data.state).toBe("invalid");
  });

  it("rejects an expired link", async () => {
    const { email, token } = await signUpAndGetLink();
    await prisma.userToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await callRoute(verify.loader, { path: `/verify-email?token=${token}` });
    expect(res.data.state).toBe("invalid");
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeNull();
  });

  it("lets a signed-in unverified member resend the mail, with a limit", async () => {
    const { email, cookie } = await signUpAndGetLink();
    const page = await callRoute(settings.loader, { path: "/settings", cookie });
    expect(page.data.user.emailVerified).toBe(false);
    for (let i = 0; i < LIMITS.verifyMailAccount.points; i++) {
      const res = await callRoute(settings.action, {
        path: "/settings",
        cookie,
        form: { intent: "resend-verification" },
      });
      expect(res.status).toBe(200);
      expect(res.data.notice).toBe("account:settings.resent");
    }
    expect(await mailsTo(email)).toHaveLength(1 + LIMITS.verifyMailAccount.points);
    const limited = await callRoute(settings.action, {
      path: "/settings",
      cookie,
      form: { intent: "resend-verification" },
    });
    expect(limited.status).toBe(429);
    expect(limited.data.error).toMatch(/请在 \d+ 分钟后重试/);
  });
});

describe("log in and log out", () => {
  it("logs in by email and by username, and honours a safe redirectTo", async () => {
    const user = await createTestUser();
    const byEmail = await doLogin(user.email.toUpperCase(), TEST_PASSWORD, { redirectTo: "/cases/new" });
    expect(byEmail.status).toBe(302);
    expect(byEmail.headers.get("location")).toBe("/cases/new");
    expect(byEmail.sessionToken).toMatch(/^[a-z2-7]{32}$/);

    const byName = await doLogin(user.username, TEST_PASSWORD, { redirectTo: "https://evil.example/" });
    expect(byName.status).toBe(302);
    expect(byName.headers.get("location")).toBe("/");
    expect(await sessionsOf(user.id)).toHaveLength(2);
  });

  it("rejects a wrong password with one message that names neither field", async () => {
    const user = await createTestUser();
    const res = await doLogin(user.username, "wrong-password-here");
    expect(res.status).toBe(400);
    expect(formErrors(res)).toEqual(["auth:errors.invalidCredentials"]);
    expect(res.sessionToken).toBeUndefined();
    expect(res.data.result.initialValue.login).toBe(user.username);
    expect(JSON.stringify(res.data)).not.toContain("wrong-password-here");
    const unknown = await doLogin("nobody-here", "wrong-password-here");
    expect(formErrors(unknown)).toEqual(["auth:errors.invalidCredentials"]);
  });

  it("logs out: the session row is gone and the cookie cleared", async () => {
    const user = await createTestUser();
    const cookie = cookieOf(await doLogin(user.email, TEST_PASSWORD));
    const res = await callRoute(logout.action, { path: "/logout", cookie, method: "POST", form: {} });
    expect(res.status).toBe(302);
    expect(res.sessionToken).toBe("");
    expect(await sessionsOf(user.id)).toHaveLength(0);
    const after = await callRoute(settings.loader, { path: "/settings", cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("logs out everywhere from settings", async () => {
    const user = await createTestUser();
    const a = await cookieFor(user.id);
    const b = await cookieFor(user.id);
    expect(await sessionsOf(user.id)).toHaveLength(2);
    const res = await callRoute(settings.action, {
      path: "/settings",
      cookie: a,
      form: { intent: "logout-everywhere" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?notice=logged-out-everywhere");
    expect(await sessionsOf(user.id)).toHaveLength(0);
    expect((await callRoute(settings.loader, { path: "/settings", cookie: b })).status).toBe(302);
  });

  it("refuses a suspended user with a clear message and rejects their existing sessions", async () => {
    const user = await createTestUser();
    const cookie = await cookieFor(user.id);
    await prisma.user.update({ where: { id: user.id }, data: { suspendedAt: new Date(), suspendedReason: "spam" } });
    const res = await doLogin(user.email, TEST_PASSWORD);
    expect(res.status).toBe(403);
    expect(formErrors(res)).toEqual(["auth:errors.suspended"]);
    expect(res.sessionToken).toBeUndefined();
    // The wrong password still gets the generic answer: suspension reveals nothing.
    expect(formErrors(await doLogin(user.email, "wrong-password-here"))).toEqual(["auth:errors.invalidCredentials"]);
    const page = await callRoute(settings.loader, { path: "/settings", cookie });
    expect(page.status).toBe(302);
    expect(await sessionsOf(user.id)).toHaveLength(0);
  });
});

describe("password reset", () => {
  async function requestReset(email: string) {
    const res = await callRoute(forgot.action, {
      path: "/forgot-password",
      form: { email },
      headers: { "x-test-ip": freshIp() },
    });
    expect(res.status).toBe(200);
    expect(res.data.sent).toBe(true);
    const mails = await mailsTo(email.toLowerCase());
    return mails.length ? linkToken(mails[mails.length - 1]!.text, "/reset-password") : null;
  }

  it("answers the same for an unknown address and queues nothing", async () => {
    const before = await prisma.job.count();
    const res = await callRoute(forgot.action, {
      path: "/forgot-password",
      form: { email: "nobody@example.cn" },
      headers: { "x-test-ip": freshIp() },
    });
    expect(res.status).toBe(200);
    expect(res.data.sent).toBe(true);
    expect(await prisma.job.count()).toBe(before);
  });

  it("sets a new password with a 1-hour single-use link and ends every session", async () => {
    const user = await createTestUser();
    const a = await cookieFor(user.id);
    await cookieFor(user.id);
    const token = (await requestReset(user.email.toUpperCase()))!;
    const row = await prisma.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.purpose).toBe("reset-password");
    const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(3600_000 + 1000);

    const form = await callRoute(resetRoute.loader, { path: `/reset-password?token=${token}` });
    expect(form.data.usable).toBe(true);

    // The same policy as sign-up.
    const weak = await callRoute(resetRoute.action, {
      path: `/reset-password?token=${token}`,
      form: { token, password: "password123" },
    });
    expect(weak.status).toBe(400);
    expect(weak.data.result.error.password).toContain("auth:errors.passwordCommon");

    const res = await callRoute(resetRoute.action, {
      path: `/reset-password?token=${token}`,
      cookie: a,
      form: { token, password: NEW_PASSWORD },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?notice=password-reset");
    expect(await sessionsOf(user.id)).toHaveLength(0);
    expect((await doLogin(user.email, TEST_PASSWORD)).status).toBe(400);
    expect((await doLogin(user.email, NEW_PASSWORD)).status).toBe(302);

    const again = await callRoute(resetRoute.action, {
      path: `/reset-password?token=${token}`,
      form: { token, password: "another-fine-passphrase" },
    });
    expect(again.status).toBe(400);
    expect(again.data.invalid).toBe(true);
    expect((await callRoute(resetRoute.loader, { path: `/reset-password?token=${token}` })).data.usable).toBe(false);
  });

  it("rejects a link older than one hour", async () => {
    const user = await createTestUser();
    const token = (await requestReset(user.email))!;
    await prisma.userToken.update({
      where: { tokenHash: hashToken(token) },
      data: { createdAt: new Date(Date.now() - 3601_000), expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await callRoute(resetRoute.action, {
      path: `/reset-password?token=${token}`,
      form: { token, password: NEW_PASSWORD },
    });
    expect(res.status).toBe(400);
    expect(res.data.invalid).toBe(true);
    expect((await doLogin(user.email, TEST_PASSWORD)).status).toBe(302);
  });
});

describe("settings", () => {
  it("changes the password only with the right current password, ending the other sessions", async () => {
    const user = await createTestUser();
    const current = await cookieFor(user.id);
    await cookieFor(user.id);
    await cookieFor(user.id);
    const wrong = await callRoute(settings.action, {
      path: "/settings",
      cookie: current,
      form: { intent: "password", currentPassword: "not-my-password", newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data.result.error.currentPassword).toEqual(["account:errors.wrongPassword"]);
    expect(JSON.stringify(wrong.data)).not.toContain(NEW_PASSWORD);
    expect(await sessionsOf(user.id)).toHaveLength(3);

    const ok = await callRoute(settings.action, {
      path: "/settings",
      cookie: current,
      form: { intent: "password", currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(ok.data.notice).toBe("account:settings.password.changed");
    const left = await sessionsOf(user.id);
    expect(left).toHaveLength(1);
    expect((await callRoute(settings.loader, { path: "/settings", cookie: current })).status).toBe(200);
    expect((await doLogin(user.username, NEW_PASSWORD)).status).toBe(302);
  });

  it("saves the display name and the language (or follows the browser)", async () => {
    const user = await createTestUser();
    const cookie = await cookieFor(user.id);
    const named = await callRoute(settings.action, {
      path: "/settings",
      cookie,
      form: { intent: "profile", displayName: "  宁波纺织基地 陈经理 " },
    });
    expect(named.status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).toBe("宁波纺织基地 陈经理");

    const en = await callRoute(settings.action, {
      path: "/settings",
      cookie,
      form: { intent: "locale", locale: "en" },
    });
    expect(en.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("en");
    // The saved language now wins over the browser's.
    const page = await callRoute(settings.loader, {
      path: "/settings",
      cookie,
      headers: { "accept-language": "zh-CN" },
    });
    expect(page.data.meta.title).toMatch(/^Settings/);

    await callRoute(settings.action, { path: "/settings", cookie, form: { intent: "locale", locale: "browser" } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBeNull();

    const bad = await callRoute(settings.action, {
      path: "/settings",
      cookie,
      form: { intent: "locale", locale: "fr" },
    });
    expect(bad.status).toBe(400);
  });

  it("sends anonymous visitors to log in", async () => {
    const res = await callRoute(settings.loader, { path: "/settings" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fsettings");
  });
});

describe("profiles", () => {
  it("shows name, role badge and verified base; 404 for an unknown username", async () => {
    const base = await prisma.base.create({
      data: {
        code: `T-test-base-${Date.now()}`,
        slug: `test-base-${Date.now()}`,
        nameZh: "宁波纺织服装基地",
        nameEn: "Ningbo Textile Base",
        industry: "textile-clothing",
        province: "zhejiang",
        cityZh: "宁波",
        cityEn: "Ningbo",
      },
    });
    const mod = await createTestUser({ role: "moderator" });
    await prisma.user.update({ where: { id: mod.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
    const res = await callRoute(profile.loader, { path: `/u/${mod.username}`, params: { username: mod.username } });
    expect(res.status).toBe(200);
    expect(res.data.profile.role).toBe("moderator");
    expect(res.data.profile.base).toEqual({ slug: base.slug, name: "宁波纺织服装基地" });
    expect(res.data.profile.joined).toMatch(/\d{4}年/);
    expect(JSON.stringify(res.data)).not.toContain(mod.email);

    const missing = await callRoute(profile.loader, { path: "/u/no-such-user", params: { username: "no-such-user" } });
    expect(missing.status).toBe(404);
  });

  it("a member cannot change another member's settings (403), the owner and an admin can", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const admin = await createTestUser({ role: "admin" });
    const params = { username: owner.username };
    const path = `/u/${owner.username}/edit`;

    const otherCookie = await cookieFor(other.id);
    expect((await callRoute(profileEdit.loader, { path, params, cookie: otherCookie })).status).toBe(403);
    const denied = await callRoute(profileEdit.action, {
      path,
      params,
      cookie: otherCookie,
      form: { displayName: "Hijacked" },
    });
    expect(denied.status).toBe(403);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).displayName).not.toBe("Hijacked");

    const anonymous = await callRoute(profileEdit.action, { path, params, form: { displayName: "Hijacked" } });
    expect(anonymous.status).toBe(302);

    const mine = await callRoute(profileEdit.action, {
      path,
      params,
      cookie: await cookieFor(owner.id),
      form: { displayName: "Owner Name" },
    });
    expect(mine.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).displayName).toBe("Owner Name");

    const byAdmin = await callRoute(profileEdit.action, {
      path,
      params,
      cookie: await cookieFor(admin.id),
      form: { displayName: "Renamed by admin" },
    });
    expect(byAdmin.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).displayName).toBe("Renamed by admin");
    const audit = await prisma.auditLog.findFirst({ where: { targetId: owner.id, action: "user.rename" } });
    expect(audit?.actorId).toBe(admin.id);
  });
});

describe("rate limits", () => {
  it("stops repeated failed logins of one account from one address, even for the right password, with a retry time", async () => {
    const user = await createTestUser();
    const ip = freshIp();
    for (let i = 0; i < LIMITS.loginPair.points; i++) {
      expect((await doLogin(user.email, `wrong-password-${i}`, { ip })).status).toBe(400);
    }
    const blocked = await callRoute(login.action, {
      path: "/login?lang=en",
      form: { login: user.username, password: TEST_PASSWORD },
      headers: { "x-test-ip": ip },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(formErrors(blocked)[0]).toMatch(/^Too many attempts\. Try again in 1[45] minutes\.$/);
    expect(blocked.data.result.initialValue.login).toBe(user.username);
    expect(JSON.stringify(blocked.data)).not.toContain(TEST_PASSWORD);
    expect(blocked.sessionToken).toBeUndefined();
    // The owner elsewhere is not locked out (issue 10.3; more in login-throttle.test.ts).
    expect((await doLogin(user.email, TEST_PASSWORD)).status).toBe(302);
  });

  it("a successful login clears that address's failures", async () => {
    const user = await createTestUser();
    const ip = freshIp();
    for (let i = 0; i < LIMITS.loginPair.points - 1; i++) await doLogin(user.email, `wrong-password-${i}`, { ip });
    expect((await doLogin(user.email, TEST_PASSWORD, { ip })).status).toBe(302);
    for (let i = 0; i < LIMITS.loginPair.points - 1; i++)
      expect((await doLogin(user.email, `wrong-${i}-again`, { ip })).status).toBe(400);
  });

  it("limits failed logins per IP address across accounts", async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMITS.loginIp.points; i++) {
      expect((await doLogin(`nobody-${i}`, "wrong-password-here", { ip })).status).toBe(400);
    }
    const user = await createTestUser();
    const blocked = await doLogin(user.email, TEST_PASSWORD, { ip });
    expect(blocked.status).toBe(429);
    expect(formErrors(blocked)[0]).toMatch(/请在 1[45] 分钟后重试/);
    // Another address is not affected.
    expect((await doLogin(user.email, TEST_PASSWORD)).status).toBe(302);
  });

  it("limits sign-ups per IP address", async () => {
    const ip = freshIp();
    const form = (i: number) => ({
      email: `bulk-${i}@example.cn`,
      username: `bulk-${i}`,
      displayName: `Bulk ${i}`,
      password: "silk-road-harbour-2024",
    });
    // Every attempt counts, one with a registered address too (issue 10.4).
    const existing = await createTestUser();
    expect((await doSignup({ ...form(99), email: existing.email }, ip)).status).toBe(303);
    for (let i = 0; i < LIMITS.signupIp.points - 1; i++) expect((await doSignup(form(i), ip)).status).toBe(303);
    const blocked = await doSignup(form(LIMITS.signupIp.points), ip);
    expect(blocked.status).toBe(429);
    expect(formErrors(blocked)[0]).toMatch(/请在 (59|60) 分钟后重试/);
    expect(blocked.data.result.initialValue.email).toBe(`bulk-${LIMITS.signupIp.points}@example.cn`);
    expect(await prisma.user.count({ where: { email: `bulk-${LIMITS.signupIp.points}@example.cn` } })).toBe(0);
    expect((await doSignup(form(50))).status).toBe(303);
  });

  it("limits password-reset mails per address", async () => {
    const user = await createTestUser();
    for (let i = 0; i < LIMITS.resetAccount.points; i++) {
      const res = await callRoute(forgot.action, {
        path: "/forgot-password",
        form: { email: user.email },
        headers: { "x-test-ip": freshIp() },
      });
      expect(res.status).toBe(200);
    }
    const blocked = await callRoute(forgot.action, {
      path: "/forgot-password",
      form: { email: user.email },
      headers: { "x-test-ip": freshIp() },
    });
    expect(blocked.status).toBe(429);
    expect(await mailsTo(user.email)).toHaveLength(LIMITS.resetAccount.points);
  });
});
