// Granting and revoking roles, the ministry role included (issue 11 point 2, ADR
// 024), per role: only an admin may change a role, every change is audit-logged,
// and nobody can change their own role. The granted role takes effect on the next
// request (the ministry dashboard opens for the new ministry user).
import { beforeAll, describe, expect, it } from "vitest";
import * as users from "~/routes/admin.users/route.tsx";
import * as insights from "~/routes/insights/route.tsx";
import { prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Who = { id: string; cookie: string };
const people: Record<"member" | "moderator" | "ministry" | "admin", Who> = {} as never;

function grant(cookie: string | undefined, userId: string, role: string, reason = "Joins the ministry's team") {
  return callRoute(users.action, { path: "/admin/users", cookie, form: { intent: "role", userId, role, reason } });
}

beforeAll(async () => {
  for (const role of ["member", "moderator", "ministry", "admin"] as const) {
    const u = await createTestUser({ role });
    people[role] = { id: u.id, cookie: await cookieFor(u.id) };
  }
});

describe("granting the ministry role", () => {
  it("is refused to visitors (sent to log in), members, moderators and ministry staff, and nothing is written", async () => {
    const target = await createTestUser();
    const anon = await grant(undefined, target.id, "ministry");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
    for (const role of ["member", "moderator", "ministry"] as const) {
      const res = await grant(people[role].cookie, target.id, "ministry");
      expect(res.status, role).toBe(403);
      const page = await callRoute(users.loader, { path: "/admin/users", cookie: people[role].cookie });
      expect(page.status, role).toBe(403);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("member");
    expect(await prisma.auditLog.count({ where: { targetId: target.id } })).toBe(0);
  });

  it("is done by an admin, audit-logged, takes effect at once, and can be revoked", async () => {
    const target = await createTestUser();
    const targetCookie = await cookieFor(target.id);
    expect((await callRoute(insights.loader, { path: "/insights", cookie: targetCookie })).status).toBe(403);

    const res = await grant(people.admin.cookie, target.id, "ministry", "商务部外贸司联络人");
    expect(res.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("ministry");
    const row = await prisma.auditLog.findFirstOrThrow({ where: { targetId: target.id, action: "user.role" } });
    expect(row).toMatchObject({ actorId: people.admin.id, targetType: "user", reason: "商务部外贸司联络人" });
    expect(JSON.parse(row.details!)).toEqual({ from: "member", to: "ministry" });
    // Same session, next request: the dashboard opens.
    expect((await callRoute(insights.loader, { path: "/insights", cookie: targetCookie })).status).toBe(200);

    const again = await grant(people.admin.cookie, target.id, "ministry");
    expect(again.status).toBe(400);
    expect(again.data.result.error[""]).toEqual(["admin:errors.unchanged"]);

    const revoke = await grant(people.admin.cookie, target.id, "member", "Left the ministry");
    expect(revoke.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("member");
    const rows = await prisma.auditLog.findMany({
      where: { targetId: target.id, action: "user.role" },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => JSON.parse(r.details!))).toEqual([
      { from: "member", to: "ministry" },
      { from: "ministry", to: "member" },
    ]);
    expect((await callRoute(insights.loader, { path: "/insights", cookie: targetCookie })).status).toBe(403);
  });

  it("lets an admin promote ministry staff to admin and back", async () => {
    const target = await createTestUser({ role: "ministry" });
    expect((await grant(people.admin.cookie, target.id, "admin", "Runs the platform now")).status).toBe(302);
    expect((await grant(people.admin.cookie, target.id, "ministry", "Back to curation")).status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("ministry");
  });
});

describe("nobody changes their own role", () => {
  it("refuses it to every role, the admin included, and writes nothing", async () => {
    for (const role of ["member", "moderator", "ministry", "admin"] as const) {
      const res = await grant(people[role].cookie, people[role].id, role === "admin" ? "member" : "admin");
      expect(res.status, role).toBe(403);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: people[role].id } })).role).toBe(role);
      expect(await prisma.auditLog.count({ where: { targetId: people[role].id } })).toBe(0);
    }
  });
});
