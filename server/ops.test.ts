// /healthz, /readyz and /metrics on a real socket, with a readiness the test controls.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsRouter, requestMetrics, routePatternOf } from "./ops.ts";

const TOKEN = "t".repeat(24);
const logLines: Array<Record<string, unknown>> = [];
let ready = true;
let draining = false;
let readinessCalls = 0;
let server: http.Server;
let origin: string;

const build = {
  routes: {
    root: { id: "root", path: "" },
    "routes/_index": { id: "routes/_index", parentId: "root", index: true },
    "routes/cases.$slug": { id: "routes/cases.$slug", parentId: "root", path: "cases/:slug" },
    "routes/cases.$slug_.history": { id: "routes/cases.$slug_.history", parentId: "root", path: "cases/:slug/history" },
    "routes/cases._index": { id: "routes/cases._index", parentId: "root", path: "cases", index: true },
  },
} as never;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split("\n")) if (line.trim()) logLines.push(JSON.parse(line));
      cb();
    },
  });
  const app = express();
  app.use(
    opsRouter({
      logger: pino(sink),
      metricsToken: TOKEN,
      draining: () => draining,
      readiness: async (): Promise<{ ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> }> =>
        ++readinessCalls && ready
          ? { ok: true, checks: { database: { ok: true } } }
          : { ok: false, checks: { database: { ok: true }, migrations: { ok: false, detail: "not applied: x" } } },
    }),
  );
  app.use(requestMetrics(routePatternOf(build)));
  app.get("*", (_req, res) => res.set("X-Page-Cache", "hit").send("page"));
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe("operations endpoints", () => {
  it("/healthz says the process is alive, uncached", async () => {
    const res = await fetch(`${origin}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe("ok\n");
  });

  it("/readyz answers 503 with no details when a check fails, and logs the reason once", async () => {
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    ready = false;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${origin}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe("not ready\n");
    }
    const warnings = logLines.filter((l) => l.msg === "not ready");
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.failed)).toContain("migrations: not applied: x");
    ready = true;
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    expect(logLines.some((l) => l.msg === "ready again")).toBe(true);
  });

  it("/readyz answers 503 at once while the node drains, without running the checks", async () => {
    draining = true;
    const calls = readinessCalls;
    try {
      const res = await fetch(`${origin}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe("draining\n");
      expect(readinessCalls).toBe(calls);
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    } finally {
      draining = false;
    }
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
  });

  it("/metrics answers a direct loopback client, refuses a proxied one without the token", async () => {
    await fetch(`${origin}/cases/some-case?x=1`);
    await fetch(`${origin}/cases/other-case`);
    const direct = await fetch(`${origin}/metrics`);
    expect(direct.status).toBe(200);
    const text = await direct.text();
    // One series per route pattern, not per URL.
    expect(text).toMatch(
      /bee_http_request_duration_seconds_count\{route="\/cases\/:slug",method="GET",status="200"\} 2/,
    );
    expect(text).not.toContain("some-case");
    expect(text).toMatch(/bee_page_cache_requests_total\{result="hit"\} [1-9]/);
    expect(text).toContain("nodejs_eventloop_lag_seconds");

    const proxied = await fetch(`${origin}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(proxied.status).toBe(403);
    const wrong = await fetch(`${origin}/metrics`, {
      headers: { "X-Forwarded-For": "203.0.113.9", Authorization: `Bearer ${"x".repeat(24)}` },
    });
    expect(wrong.status).toBe(403);
    const withToken = await fetch(`${origin}/metrics`, {
      headers: { "X-Forwarded-For": "203.0.113.9", Authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
  });

  it("names requests by their route pattern", () => {
    const of = routePatternOf(build);
    expect(of("/")).toBe("/");
    expect(of("/cases")).toBe("/cases");
    expect(of("/cases/a-b")).toBe("/cases/:slug");
    expect(of("/cases/a-b/history")).toBe("/cases/:slug/history");
    expect(of("/nowhere/at/all")).toBe("unmatched");
    expect(routePatternOf(null)("/x")).toBe("app");
  });
});
