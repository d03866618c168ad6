// Issue 10 (security points) on the wire: one real app server process (the
// Express app of server/serve.ts around Remix), raw HTTP requests, bytes and
// headers — what a plain HTTP client or a browser without JavaScript sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { signToken } from "~/utils/secret.server.ts";
import { UNSUBSCRIBE_PURPOSE } from "~/jobs/notification-mail.server.ts";
import { startAppServers, type AppServer } from "../helpers/app-servers.ts";
import { createTestBase } from "../helpers/bases.ts";
import { TEST_PASSWORD, cookieFor, createTestUser } from "../helpers/users.ts";

let server: AppServer;
let stop: () => Promise<void> = async () => {};
let adminCookie = "";
let memberCookie = "";
const params: Record<string, string> = {};

beforeAll(async () => {
  const base = await createTestBase();
  const admin = await createTestUser({ role: "admin" });
  await prisma.user.update({ where: { id: admin.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  adminCookie = await cookieFor(admin.id);
  memberCookie = await cookieFor((await createTestUser()).id);
  const actor = { id: admin.id, role: "admin", baseId: base.id, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title: "线上测试案例", summary: "s", baseId: base.id };
  const draft = await createDraft(admin.id, crypto.randomUUID(), content);
  params.slug = (await publishCase(draft.id, actor, content, { expectedVersion: draft.draftVersion })).slug;
  params.username = admin.username;
  params.token = signToken(UNSUBSCRIBE_PURPOSE, admin.id);
  params.id = base.id; // /admin/bases/:id
  const started = await startAppServers(1);
  server = started.servers[0]!;
  stop = started.stop;
}, 180_000);

afterAll(async () => {
  await stop();
});

async function send(path: string, init: RequestInit = {}) {
  const started = performance.now();
  const res = await fetch(server.origin + path, { redirect: "manual", ...init });
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    body,
    text: body.toString("utf8"),
    ms: performance.now() - started,
  };
}

const form = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  body,
});

/** URL of a route folder (`cases.$slug_.edit` → /cases/<slug>/edit), as the routes test does. */
function urlOf(folder: string): string {
  const parts = folder
    .split(".")
    .map((p) => p.replace(/_$/, ""))
    .filter((p) => p !== "_index")
    .map((p) => {
      if (!p.startsWith("$")) return p;
      const v = params[p.slice(1)];
      if (!v) throw new Error(`no value for ${p} of ${folder}`);
      return v;
    });
  return `/${parts.join("/")}`;
}

describe("amplifying form bodies on the wire (10.1)", () => {
  const modules = import.meta.glob<{ action?: unknown }>("/app/routes/*/route.tsx");
  const payloads = ["x[1000000]=1", "x[30000000]=1", Array.from({ length: 20_000 }, (_, i) => `f${i}=1`).join("&")];

  it("every route with an action answers a small, quick 4xx (or the login redirect) — documents and single-fetch data", async () => {
    const routes: string[] = [];
    for (const [file, load] of Object.entries(modules)) if ((await load()).action) routes.push(file.split("/").at(-2)!);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const folder of routes) {
      const path = urlOf(folder);
      for (const body of payloads) {
        for (const cookie of [undefined, adminCookie]) {
          for (const target of [path, `${path === "/" ? "/_root" : path}.data`]) {
            const res = await send(target, form(body, cookie ? { cookie } : {})).catch((e: Error) => {
              throw new Error(
                `${cookie ? "admin" : "anonymous"} ${target} ${body.slice(0, 20)}: ${e.message} ${String(e.cause)}`,
              );
            });
            const where = `${cookie ? "admin" : "anonymous"} ${target} ${body.slice(0, 20)}: ${res.status} ${res.text.slice(0, 120)}`;
            const location = res.headers.get("location") ?? "";
            const guardRedirect =
              [302, 303].includes(res.status) &&
              (/^\/login\?/.test(location) || (folder === "signup" && cookie !== undefined && location === "/"));
            // Single fetch answers a redirect with a 202 whose body names it.
            const dataRedirect =
              res.status === 202 &&
              (/"redirect","\/login\?/.test(res.text) || (folder === "signup" && /"redirect","\/"/.test(res.text)));
            if (!guardRedirect && !dataRedirect) {
              expect(res.status, where).toBeGreaterThanOrEqual(400);
              expect(res.status, where).toBeLessThan(500);
            }
            // The localized error page (header, menus, footer) is about 12 KB; the 3 MB / 150 MB echoes are gone.
            expect(res.body.length, where).toBeLessThan(24_000);
            expect(res.ms, where).toBeLessThan(2000);
          }
        }
      }
    }
  }, 300_000);
});

describe("wrong request formats answer 4xx, never 500 (10.5)", () => {
  it("login without Content-Type, JSON to /settings and /resources/case-drafts, a multipart body with a wrong boundary", async () => {
    const noType = await send("/login", { method: "POST", body: new Uint8Array(Buffer.from("login=a&password=b")) });
    expect(noType.status).toBe(415);
    for (const path of ["/settings", "/resources/case-drafts"]) {
      const json = await send(path, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: memberCookie },
        body: JSON.stringify({ intent: "profile", displayName: "x" }),
      });
      expect(json.status, path).toBe(415);
    }
    const multipart = await send("/login", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=expected" },
      body: '--other\r\nContent-Disposition: form-data; name="login"\r\n\r\na\r\n--other--\r\n',
    });
    expect(multipart.status).toBe(400);
  });

  it("cross-origin posts to /unsubscribe/confirm: the one-click route answers 4xx for malformed input; paths below it are refused", async () => {
    const evil = { origin: "https://evil.example" };
    const below = await send("/unsubscribe/confirm/abc", form("List-Unsubscribe=One-Click", evil));
    expect(below.status).toBe(403);
    const json = await send(`/unsubscribe/confirm?token=${params.token}`, {
      method: "POST",
      headers: { ...evil, "content-type": "application/json" },
      body: "{",
    });
    expect(json.status).toBe(415);
    const empty = await send("/unsubscribe/confirm", { method: "POST", headers: evil });
    expect(empty.status).toBe(415);
    const junk = await send("/unsubscribe/confirm", form("List-Unsubscribe=One-Click&token=forged", evil));
    expect(junk.status).toBe(400);
    const unknownField = await send("/unsubscribe/confirm", form("x[1000000]=1", evil));
    expect(unknownField.status).toBe(400);
    // The real one-click POST of a mail provider still works.
    const ok = await send(
      `/unsubscribe/confirm?token=${encodeURIComponent(params.token!)}`,
      form("List-Unsubscribe=One-Click", evil),
    );
    expect(ok.status).toBe(200);
  });
});

describe("sign-up and login on the wire (10.2, 10.4, 10.5)", () => {
  const comparable = (h: Headers) =>
    [...h.entries()].filter(([k]) => !["date", "x-request-id", "content-security-policy"].includes(k));

  it("registered and new addresses get byte-identical answers; the 6th attempt from one address gets 429 with Retry-After", async () => {
    const existing = await createTestUser();
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const email = i % 2 === 0 ? existing.email : `wire-${i}-${Date.now()}@example.cn`;
      const body = new URLSearchParams({
        email,
        username: `wire_${i}_${Date.now()}`,
        displayName: "线上",
        password: "silk-road-harbour-2024",
        privacyConsent: "on",
      });
      answers.push(await send("/signup", form(body.toString())));
    }
    for (const a of answers) {
      expect(a.status).toBe(303);
      expect(comparable(a.headers)).toEqual(comparable(answers[0]!.headers));
      expect(a.body.equals(answers[0]!.body)).toBe(true);
      expect(a.headers.get("set-cookie")).toBeNull();
    }
    const body = new URLSearchParams({
      email: existing.email,
      username: "wire_6",
      displayName: "线上",
      password: "silk-road-harbour-2024",
      privacyConsent: "on",
    });
    const refused = await send("/signup", form(body.toString()));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.text).toContain("分钟后重试");
    const refusedData = await send("/signup.data", form(body.toString()));
    expect(refusedData.status).toBe(429);
    expect(Number(refusedData.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a page form's 429 (login) carries Retry-After, with and without JavaScript", async () => {
    const user = await createTestUser();
    for (let i = 0; i < 5; i++)
      await send("/login", form(`login=${encodeURIComponent(user.email)}&password=wrong-${i}`));
    for (const path of ["/login", "/login.data"]) {
      const res = await send(path, form(`login=${encodeURIComponent(user.email)}&password=${TEST_PASSWORD}`));
      expect(res.status, path).toBe(429);
      expect(Number(res.headers.get("retry-after")), path).toBeGreaterThan(0);
    }
  });

  it("a Chinese or CR/LF redirectTo after a correct password redirects and keeps the session", async () => {
    for (const redirectTo of ["/search?q=数字化转型", "/cases\r\nX-Evil: 1", "/\t/evil.example"]) {
      const user = await createTestUser();
      const body = new URLSearchParams({ login: user.email, password: TEST_PASSWORD, redirectTo });
      const res = await send("/login", form(body.toString()));
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/[\x21-\x7e]*$/);
      expect(new URL(res.headers.get("location")!, server.origin).origin).toBe(server.origin);
      expect(res.headers.get("set-cookie")).toMatch(/bee_session=[a-z2-7]{32}/);
      expect(res.headers.get("set-cookie")).toMatch(/bee_device=/);
    }
  });
});

describe("smaller points on the wire (10.5)", () => {
  it("no inline style attribute on /notifications or on a form with errors (the CSP blocks them)", async () => {
    const page = await send("/notifications", { headers: { cookie: memberCookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("style-src 'self'");
    expect(page.text).not.toMatch(/\sstyle="/);
    const failed = await send("/login", form("login=nobody&password=wrong"));
    expect(failed.status).toBe(400);
    expect(failed.text).toContain('role="alert"');
    expect(failed.text).not.toMatch(/\sstyle="/);
  });

  it("/resources/follow answers 404 when the follow failed, with JavaScript or without", async () => {
    const body = "targetType=case&targetId=no-such-case&intent=follow";
    const plain = await send("/resources/follow", form(body, { cookie: memberCookie }));
    expect(plain.status).toBe(404);
    expect(plain.text).toContain("不存在");
    const fetcher = await send("/resources/follow.data", form(`${body}&_fetcher=1`, { cookie: memberCookie }));
    expect(fetcher.status).toBe(404);
    const direct = await send("/resources/follow", form(`${body}&_fetcher=1`, { cookie: memberCookie }));
    expect(direct.status).toBe(404);
    expect(JSON.parse(direct.text)).toMatchObject({ ok: false, error: "follow:errors.notFound" });
  });

  it("the verify-email and reset-password pages keep their Referrer-Policy", async () => {
    for (const path of ["/verify-email?token=abc", "/reset-password?token=abc"]) {
      // Helmet's site-wide value comes first; the last one a browser knows applies.
      const policy = (await send(path)).headers.get("referrer-policy") ?? "";
      expect(policy.split(",").at(-1)!.trim(), path).toBe("no-referrer");
    }
  });
});

describe("operations endpoints on a real server (14.4)", () => {
  it("answers /healthz and /readyz with a status only, and /metrics by route pattern to a loopback client", async () => {
    const health = await send("/healthz");
    expect([health.status, health.body.toString()]).toEqual([200, "ok\n"]);
    const ready = await send("/readyz");
    expect([ready.status, ready.body.toString()]).toEqual([200, "ready\n"]);
    expect((await send(`/cases/${encodeURIComponent(params.slug!)}`)).status).toBe(200);
    const metrics = await send("/metrics");
    expect(metrics.status).toBe(200);
    const text = metrics.body.toString();
    expect(text).toMatch(
      /bee_http_request_duration_seconds_count\{route="\/cases\/:slug",method="GET",status="200"\} \d/,
    );
    expect(text).toContain("bee_jobs_queued");
    expect(text).not.toContain(params.slug!);
    // Through a proxy on this machine (X-Forwarded-For) the token is required.
    expect((await send("/metrics", { headers: { "X-Forwarded-For": "203.0.113.7" } })).status).toBe(403);
  });
});

describe("Server-Timing (15.6)", () => {
  it("a page says how long its database calls, the app and the render took", async () => {
    const res = await send(`/cases/${encodeURIComponent(params.slug!)}`);
    expect(res.status).toBe(200);
    const timing = res.headers.get("server-timing") ?? "";
    const dur = (name: string) => Number(new RegExp(`${name};dur=([0-9.]+)`).exec(timing)?.[1] ?? NaN);
    expect(timing).toMatch(/db;dur=[0-9.]+;desc="[1-9]\d* calls"/);
    expect(dur("app")).toBeGreaterThanOrEqual(0);
    expect(dur("render")).toBeGreaterThan(0);
    expect(dur("db")).toBeGreaterThan(0);
  });
});
