// Issue 10.1: a 40-byte `x[1000000]=1` made Conform build a sparse array that the
// failed reply echoed back (3 MB and 12 s of CPU at 1e6, 2.8 GB and a 500 at
// 3e7). Every route with an action is found from the route files (a new form is
// covered without touching this test) and gets the payloads, anonymous and as a
// signed-in administrator (who passes every auth check, so the body is read).
// Each answer must be a small 4xx (or, for an anonymous post to a members' form,
// the login redirect), and quick.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { signToken } from "~/utils/secret.server.ts";
import { UNSUBSCRIBE_PURPOSE } from "~/jobs/notification-mail.server.ts";
import { callRoute, type RouteResult } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser, freshIp } from "../helpers/users.ts";

type RouteModule = { action?: (args: never) => unknown };
const modules = import.meta.glob<RouteModule>("/app/routes/*/route.tsx");

const PAYLOADS: Record<string, string> = {
  "sparse index 1e6": "x[1000000]=1",
  "sparse index 3e7": "x[30000000]=1",
  "known name, huge index": "title[30000000]=1&metrics[30000000].label=1&intent[30000000]=1",
  "many fields": Array.from({ length: 50_000 }, (_, i) => `f${i % 7}=1`).join("&"),
  "deep nesting": `${Array.from({ length: 200 }, (_, i) => `a${i}`).join(".")}[9999999]=1`,
  "conform intent": `__intent__=${encodeURIComponent(JSON.stringify({ type: "update", payload: { name: "x", index: 30_000_000, value: 1 } }))}`,
};

const params: Record<string, string> = {};
/** Forms for visitors only: a signed-in member is sent home before the body is read. */
const VISITORS_ONLY = new Set(["signup"]);

/** URL path and params of a route folder name such as `cases.$slug_.edit`. */
function routePath(folder: string): { path: string; params: Record<string, string> } {
  const used: Record<string, string> = {};
  const parts = folder
    .split(".")
    .map((p) => p.replace(/_$/, ""))
    .filter((p) => p !== "_index")
    .map((p) => {
      if (!p.startsWith("$")) return p;
      const name = p.slice(1);
      const value = params[name];
      if (!value) throw new Error(`form-amplification test: no value for route param "${name}" of ${folder}`);
      used[name] = value;
      return value;
    });
  return { path: `/${parts.join("/")}`, params: used };
}

function answerSize(res: RouteResult): number {
  return typeof res.data === "string" ? res.data.length : JSON.stringify(res.data ?? null).length;
}

let adminCookie = "";

beforeAll(async () => {
  const base = await createTestBase();
  const admin = await createTestUser({ role: "admin" });
  await prisma.user.update({ where: { id: admin.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  adminCookie = await cookieFor(admin.id);
  const actor = { id: admin.id, role: "admin", baseId: base.id, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title: "放大攻击测试", summary: "s", baseId: base.id };
  const draft = await createDraft(admin.id, crypto.randomUUID(), content);
  const published = await publishCase(draft.id, actor, content, { expectedVersion: draft.draftVersion });
  params.slug = published.slug;
  params.username = admin.username;
  params.token = signToken(UNSUBSCRIBE_PURPOSE, admin.id);
  params.id = base.id; // /admin/bases/:id
});

const routes = Object.entries(modules).map(([file, load]) => ({
  folder: file.split("/").at(-2)!,
  load,
}));

describe("every route with an action refuses amplifying form bodies", () => {
  it("finds the routes with actions", async () => {
    const withAction = [];
    for (const r of routes) if ((await r.load()).action) withAction.push(r.folder);
    // A sanity floor, so a broken glob cannot make the test pass on nothing.
    expect(withAction.length).toBeGreaterThanOrEqual(20);
    expect(withAction).toContain("login");
  });

  for (const route of routes) {
    for (const [label, body] of Object.entries(PAYLOADS)) {
      it(`${route.folder}: ${label}`, async () => {
        const mod = await route.load();
        if (!mod.action) return;
        const { path, params: routeParams } = routePath(route.folder);
        for (const cookie of [undefined, adminCookie]) {
          const started = performance.now();
          const res = await callRoute(mod.action as never, {
            path,
            params: routeParams,
            cookie,
            body,
            headers: { "content-type": "application/x-www-form-urlencoded", "x-test-ip": freshIp() },
          });
          const ms = performance.now() - started;
          const who = cookie ? "admin" : "anonymous";
          const location = res.headers.get("location") ?? "";
          // Redirects an auth guard answers before the body is read.
          const guardRedirect = cookie
            ? VISITORS_ONLY.has(route.folder) && res.status === 302 && location === "/"
            : res.status === 302 && /^\/login\?/.test(location);
          if (!guardRedirect) {
            expect(res.status, `${who}: ${JSON.stringify(res.data)?.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
            expect(res.status, who).toBeLessThan(500);
          }
          expect(answerSize(res), who).toBeLessThan(4096);
          // Before the fix: seconds (1e6) or a crash (3e7). Generous for a shared, busy machine.
          expect(ms, who).toBeLessThan(1000);
        }
      });
    }
  }
});
