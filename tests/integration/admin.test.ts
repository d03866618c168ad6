// Member administration and the audit log through the route modules: only
// admins get in, every change needs a reason and writes an audit row, an admin
// cannot act on their own account, and suspension signs a member out at once.
import { beforeAll, describe, expect, it } from "vitest";
import * as users from "~/routes/admin.users/route.tsx";
import * as audit from "~/routes/admin.audit/route.tsx";
import { prisma } from "~/utils/db.server.ts";
import { authenticate } from "~/auth/session.server.ts";
import { writeAudit } from "~/models/audit.server.ts";
import { callRoute, type RouteResult } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

let admin: { id: string; cookie: string };
let memberCookie: string;
let moderatorCookie: string;

const formErrors = (res: RouteResult): string[] => res.data?.result?.error?.[""] ?? [];
const fieldErrors = (res: RouteResult, f: string): string[] => res.data?.result?.error?.[f] ?? [];

function act(cookie: string, form: Record<string, string>) {
  return callRoute(users.action, { path: "/admin/users", cookie, form });
}

beforeAll(async () => {
  const a = await createTestUser({ role: "admin", displayName: "Chief Admin" });
  admin = { id: a.id, cookie: await cookieFor(a.id) };
  const m = await createTestUser();
  memberCookie = await cookieFor(m.id);
  const mod = await createTestUser({ role: "moderator" });
  moderatorCookie = await cookieFor(mod.id);
});

describe("access", () => {
  it("members and moderators get 403 on /admin/users and /admin/audit; visitors are sent to log in", async () => {
    const target = await createTestUser();
    for (const cookie of [memberCookie, moderatorCookie]) {
      expect((await callRoute(users.loader, { path: "/admin/users", cookie })).status).toBe(403);
      expect((await callRoute(audit.loader, { path: "/admin/audit", cookie })).status).toBe(403);
      const res = await act(cookie, { intent: "role", userId: target.id, role: "admin", reason: "let me in" });
      expect(res.status).toBe(403);
      const sus = await act(cookie, { intent: "suspend", userId: target.id, reason: "x" });
      expect(sus.status).toBe(403);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("member");
    expect((await callRoute(users.loader, { path: "/admin/users" })).status).toBe(302);
    expect((await callRoute(audit.loader, { path: "/admin/audit" })).status).toBe(302);
  });
});

describe("member list", () => {
  it("searches by email, username and display name", async () => {
    const target = await createTestUser({
      email: "searchable.person@example.cn",
      username: "findme_user",
      displayName: "陈静 Chen Jing",
    });
    for (const q of ["searchable.person", "FINDME", "陈静", "Chen Jing"]) {
      const res = await callRoute(users.loader, {
        path: `/admin/users?q=${encodeURIComponent(q)}`,
        cookie: admin.cookie,
      });
      expect(res.status).toBe(200);
      expect(res.data.users.map((u: { id: string }) => u.id)).toEqual([target.id]);
      expect(res.data.total).toBe(1);
    }
    const manage = await callRoute(users.loader, { path: `/admin/users?manage=${target.id}`, cookie: admin.cookie });
    expect(manage.data.managed).toMatchObject({ id: target.id, email: "searchable.person@example.cn" });
    expect(manage.data.managed.passwordHash).toBeUndefined();
  });
});

describe("roles", () => {
  it("admin changes a role with a reason, and the audit log records it", async () => {
    const target = await createTestUser();
    const noReason = await act(admin.cookie, { intent: "role", userId: target.id, role: "moderator", reason: "" });
    expect(noReason.status).toBe(400);
    expect(fieldErrors(noReason, "reason")).toEqual(["admin:errors.reasonRequired"]);
    const badRole = await act(admin.cookie, { intent: "role", userId: target.id, role: "superuser", reason: "x" });
    expect(badRole.status).toBe(400);
    expect(fieldErrors(badRole, "role")).toEqual(["admin:errors.roleInvalid"]);

    const res = await act(admin.cookie, {
      intent: "role",
      userId: target.id,
      role: "moderator",
      reason: "Joins the review team",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain(`manage=${target.id}`);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("moderator");
    const row = await prisma.auditLog.findFirstOrThrow({ where: { targetId: target.id, action: "user.role" } });
    expect(row).toMatchObject({ actorId: admin.id, targetType: "user", reason: "Joins the review team" });
    expect(JSON.parse(row.details!)).toEqual({ from: "member", to: "moderator" });
  });

  it("an admin cannot demote or suspend themself", async () => {
    const demote = await act(admin.cookie, { intent: "role", userId: admin.id, role: "member", reason: "oops" });
    expect(demote.status).toBe(403);
    expect(formErrors(demote)).toEqual(["admin:errors.self"]);
    const suspend = await act(admin.cookie, { intent: "suspend", userId: admin.id, reason: "oops" });
    expect(suspend.status).toBe(403);
    const me = await prisma.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(me).toMatchObject({ role: "admin", suspendedAt: null });
    expect(await prisma.auditLog.count({ where: { targetId: admin.id } })).toBe(0);
  });
});

describe("suspension", () => {
  it("needs a reason, ends every session at once, and can be lifted", async () => {
    const target = await createTestUser();
    const cookieA = await cookieFor(target.id);
    const cookieB = await cookieFor(target.id);
    expect((await authenticate(cookieA, { secure: false })).user?.id).toBe(target.id);

    const noReason = await act(admin.cookie, { intent: "suspend", userId: target.id, reason: "  " });
    expect(noReason.status).toBe(400);
    expect(fieldErrors(noReason, "reason")).toEqual(["admin:errors.reasonRequired"]);

    const res = await act(admin.cookie, { intent: "suspend", userId: target.id, reason: "Spam in comments" });
    expect(res.status).toBe(302);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(user.suspendedAt).toBeInstanceOf(Date);
    expect(user.suspendedReason).toBe("Spam in comments");
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(0);
    for (const cookie of [cookieA, cookieB]) {
      const auth = await authenticate(cookie, { secure: false });
      expect(auth.user).toBeNull();
    }
    expect(
      await prisma.auditLog.findFirstOrThrow({ where: { targetId: target.id, action: "user.suspend" } }),
    ).toMatchObject({
      actorId: admin.id,
      reason: "Spam in comments",
    });
    // A new session for a suspended member is refused too.
    expect((await authenticate(await cookieFor(target.id), { secure: false })).user).toBeNull();

    const lift = await act(admin.cookie, { intent: "unsuspend", userId: target.id, reason: "Appeal accepted" });
    expect(lift.status).toBe(302);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({
      suspendedAt: null,
      suspendedReason: null,
    });
    expect(await prisma.auditLog.count({ where: { targetId: target.id, action: "user.unsuspend" } })).toBe(1);
    expect((await authenticate(await cookieFor(target.id), { secure: false })).user?.id).toBe(target.id);
  });
});

describe("audit log page", () => {
  it("lists who did what to whom and why, filters by action and pages by cursor", async () => {
    const target = await createTestUser({ displayName: "Audit Target" });
    for (let i = 0; i < 55; i++) {
      await writeAudit(prisma, {
        actorId: admin.id,
        action: "test.bulk",
        targetType: "user",
        targetId: target.id,
        reason: `r${i}`,
      });
    }
    const first = await callRoute(audit.loader, { path: "/admin/audit?action=test.bulk", cookie: admin.cookie });
    expect(first.status).toBe(200);
    expect(first.data.rows).toHaveLength(50);
    expect(first.data.rows.every((r: { action: string }) => r.action === "test.bulk")).toBe(true);
    expect(first.data.rows[0]).toMatchObject({
      actor: { displayName: "Chief Admin" },
      targetUser: { displayName: "Audit Target" },
      reason: "r54",
    });
    expect(first.data.actions).toEqual(expect.arrayContaining(["test.bulk", "user.role", "user.suspend"]));
    expect(first.data.nextCursor).toBeTruthy();

    const second = await callRoute(audit.loader, {
      path: `/admin/audit?action=test.bulk&cursor=${first.data.nextCursor}`,
      cookie: admin.cookie,
    });
    expect(second.data.rows).toHaveLength(5);
    expect(second.data.nextCursor).toBeNull();
    const ids = new Set([...first.data.rows, ...second.data.rows].map((r: { id: string }) => r.id));
    expect(ids.size).toBe(55);

    const all = await callRoute(audit.loader, { path: "/admin/audit", cookie: admin.cookie });
    expect(all.data.rows.length).toBe(50);
    const bad = await callRoute(audit.loader, { path: "/admin/audit?action=%27%20OR%201", cookie: admin.cookie });
    expect(bad.data.action).toBe("");
  });
});
