// The Express layer on its own: createApp() with a stub in place of Remix, served on
// a real socket so headers, body limits and logging behave as in production.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { AddressInfo } from "node:net";
import type { RequestHandler } from "express";
import { pino } from "pino";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "./app.ts";

const LIMIT = 1024;
const logLines: Record<string, any>[] = [];
let server: http.Server;
let origin: string;
let clientDir: string;

// Like Remix, the stub reads the whole body before answering.
const stub: RequestHandler = (req, res) => {
  let size = 0;
  req.on("data", (c: Buffer) => (size += c.length));
  req.on("end", () => {
    if (res.headersSent) return;
    res.status(200).type("text/plain").send(`ok ${req.method} ${size}`);
  });
  req.on("error", () => {});
};

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-client-"));
  fs.mkdirSync(path.join(clientDir, "assets"));
  fs.writeFileSync(path.join(clientDir, "assets", "entry-abc123.js"), "console.log(1)");
  fs.writeFileSync(path.join(clientDir, "favicon.svg"), "<svg/>");
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split("\n")) if (line.trim()) logLines.push(JSON.parse(line));
      cb();
    },
  });
  const app = createApp({
    logger: pino({ level: "info" }, sink),
    remixHandler: stub,
    clientDir,
    trustProxy: false,
    bodyLimitBytes: LIMIT,
    bodyLimitOverrides: { "/resources/uploads": LIMIT * 4 },
    originExemptPaths: ["/unsubscribe/confirm"],
    isDev: false,
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(clientDir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request through node:http, for control over Content-Length and chunking. */
function raw(opts: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  chunks?: Buffer[];
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${opts.path ?? "/"}`, { method: opts.method ?? "POST", headers: opts.headers });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    // The server may close the socket after an early 413; the response has been read by then.
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "ECONNRESET" && e.code !== "EPIPE") reject(e);
    });
    for (const c of opts.chunks ?? []) req.write(c);
    req.end();
  });
}

describe("origin check", () => {
  it("rejects a cross-site POST", async () => {
    const res = await fetch(`${origin}/login`, {
      method: "POST",
      headers: { Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.c",
    });
    expect(res.status).toBe(403);
  });

  it("lets a same-origin POST through to Remix", async () => {
    const res = await fetch(`${origin}/login`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.c",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok POST 13");
  });

  it("rejects a POST without Origin when Sec-Fetch-Site says cross-site", async () => {
    const res = await raw({ headers: { "Sec-Fetch-Site": "cross-site", "Content-Length": "0" } });
    expect(res.status).toBe(403);
  });

  it("rejects Origin: null (sandboxed frames, data: URLs)", async () => {
    const res = await raw({ headers: { Origin: "null", "Content-Length": "0" } });
    expect(res.status).toBe(403);
  });

  it("lets a POST with Sec-Fetch-Site: same-origin and no Origin through", async () => {
    const res = await raw({ headers: { "Sec-Fetch-Site": "same-origin", "Content-Length": "0" } });
    expect(res.status).toBe(200);
  });

  it("does not check GET requests", async () => {
    const res = await fetch(`${origin}/`, { headers: { Origin: "http://evil.example" } });
    expect(res.status).toBe(200);
  });

  it("skips exempt token-authenticated paths", async () => {
    const res = await fetch(`${origin}/unsubscribe/confirm`, {
      method: "POST",
      headers: { Origin: "http://evil.example" },
    });
    expect(res.status).toBe(200);
  });

  it("exempts exactly those paths, not what lies below them (issue 10.5)", async () => {
    const res = await fetch(`${origin}/unsubscribe/confirm/abc`, {
      method: "POST",
      headers: { Origin: "http://evil.example" },
    });
    expect(res.status).toBe(403);
  });
});

describe("untrusted proxy", () => {
  it("warns once, in the log, when requests carry X-Forwarded-For and TRUST_PROXY is off (issue 10.5)", async () => {
    const warnings = () => logLines.filter((l) => String(l.msg).includes("TRUST_PROXY"));
    expect(warnings()).toHaveLength(0);
    for (let i = 0; i < 3; i++) await fetch(`${origin}/`, { headers: { "X-Forwarded-For": `203.0.113.${i}` } });
    await new Promise((r) => setTimeout(r, 50));
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.level).toBe(40);
  });
});

describe("body limit", () => {
  it("answers 413 when Content-Length is over the limit", async () => {
    const body = Buffer.alloc(LIMIT + 1, "a");
    const res = await raw({ headers: { Origin: origin, "Content-Length": String(body.length) }, chunks: [body] });
    expect(res.status).toBe(413);
  });

  it("accepts a body at the limit", async () => {
    const body = Buffer.alloc(LIMIT, "a");
    const res = await raw({ headers: { Origin: origin, "Content-Length": String(body.length) }, chunks: [body] });
    expect(res.status).toBe(200);
    expect(res.body).toBe(`ok POST ${LIMIT}`);
  });

  it("answers 413 when a chunked body passes the limit", async () => {
    const chunk = Buffer.alloc(400, "a");
    const res = await raw({
      headers: { Origin: origin, "Transfer-Encoding": "chunked" },
      chunks: [chunk, chunk, chunk, chunk],
    });
    expect(res.status).toBe(413);
  });

  it("accepts a small chunked body", async () => {
    const res = await raw({
      headers: { Origin: origin, "Transfer-Encoding": "chunked" },
      chunks: [Buffer.from("abc"), Buffer.from("def")],
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe("ok POST 6");
  });

  it("uses the per-path override", async () => {
    const body = Buffer.alloc(LIMIT * 2, "a");
    const res = await raw({
      path: "/resources/uploads",
      headers: { Origin: origin, "Content-Length": String(body.length) },
      chunks: [body],
    });
    expect(res.status).toBe(200);
  });
});

describe("security headers", () => {
  it("sends a CSP with a fresh nonce per request and default-src 'self'", async () => {
    const [a, b] = await Promise.all([fetch(`${origin}/`), fetch(`${origin}/`)]);
    const cspA = a.headers.get("content-security-policy") ?? "";
    const cspB = b.headers.get("content-security-policy") ?? "";
    expect(cspA).toContain("default-src 'self'");
    expect(cspA).toContain("object-src 'none'");
    expect(cspA).toContain("frame-ancestors 'none'");
    const nonceA = /'nonce-([^']+)'/.exec(cspA)?.[1];
    const nonceB = /'nonce-([^']+)'/.exec(cspB)?.[1];
    expect(nonceA).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(nonceB).toBeTruthy();
    expect(nonceA).not.toBe(nonceB);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("x-powered-by")).toBeNull();
  });
});

describe("static files", () => {
  it("serves /assets/* with immutable caching", async () => {
    const res = await fetch(`${origin}/assets/entry-abc123.js`);
    expect(res.status).toBe(200);
    const cc = res.headers.get("cache-control") ?? "";
    expect(cc).toContain("immutable");
    expect(cc).toMatch(/max-age=31536000/);
  });

  it("serves other public files with a short cache", async () => {
    const res = await fetch(`${origin}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).not.toContain("immutable");
  });

  it("looks nothing up on disk for a page: only the build's top-level names go to the static handler", async () => {
    // A file that appears after the start is not served: the names are listed once.
    fs.writeFileSync(path.join(clientDir, "late.txt"), "late");
    const stat = vi.spyOn(fs, "stat");
    try {
      expect(await (await fetch(`${origin}/late.txt`)).text()).toBe("ok GET 0");
      expect(await (await fetch(`${origin}/cases/some-case`)).text()).toBe("ok GET 0");
      expect(stat).not.toHaveBeenCalled();
      expect(await (await fetch(`${origin}/favicon.svg`)).text()).toBe("<svg/>");
      expect(stat).toHaveBeenCalled();
    } finally {
      stat.mockRestore();
    }
  });

  it("hands a missing asset to Remix (which renders the 404)", async () => {
    const res = await fetch(`${origin}/assets/missing.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok GET 0");
  });
});

describe("request ids and logging", () => {
  it("sets X-Request-Id and logs one line with id, status and duration", async () => {
    const res = await fetch(`${origin}/some/page`);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => logLines.find((l) => l.req?.id === id)).toBeTruthy();
    const line = logLines.find((l) => l.req?.id === id)!;
    expect(line.res.statusCode).toBe(200);
    expect(typeof line.responseTime).toBe("number");
    expect(line.req.url).toBe("/some/page");
    expect(JSON.stringify(line)).not.toMatch(/cookie/i);
  });

  it("keeps a well-formed incoming X-Request-Id and replaces a malformed one", async () => {
    const kept = await fetch(`${origin}/`, { headers: { "X-Request-Id": "edge-123.abc" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-123.abc");
    const replaced = await fetch(`${origin}/`, { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("builds no logger per request: a level that is off costs nothing (issue 15.1)", async () => {
    const quiet = pino({ level: "warn" });
    const child = vi.spyOn(quiet, "child");
    const written = vi.spyOn(quiet, "info");
    const app = createApp({
      logger: quiet,
      remixHandler: stub,
      trustProxy: false,
      bodyLimitBytes: LIMIT,
      isDev: false,
    });
    const s = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => s.once("listening", () => resolve()));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/a/page`);
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      await res.text();
      expect(child).not.toHaveBeenCalled();
      expect(written).not.toHaveBeenCalled();
    } finally {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it("logs an asset request not at all, and a client that left as aborted", async () => {
    const asset = await fetch(`${origin}/assets/entry-abc123.js`);
    const assetId = asset.headers.get("x-request-id");
    expect(assetId).toBeTruthy();
    await asset.text();
    // A client that leaves before the answer: the stub answers only after the body ends.
    const req = http.request(`${origin}/slow/upload`, { method: "POST", headers: { "Content-Length": "100" } });
    req.on("error", () => {});
    req.write("x".repeat(10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await expect.poll(() => logLines.find((l) => l.req?.url === "/slow/upload")).toBeTruthy();
    expect(logLines.find((l) => l.req?.url === "/slow/upload")!.msg).toBe("request aborted");
    expect(logLines.some((l) => l.req?.id === assetId)).toBe(false);
  });

  it("logs a rejected request as a warning with its status", async () => {
    const res = await fetch(`${origin}/x`, { method: "POST", headers: { Origin: "http://evil.example" } });
    const id = res.headers.get("x-request-id");
    await expect.poll(() => logLines.find((l) => l.req?.id === id)).toBeTruthy();
    const line = logLines.find((l) => l.req?.id === id)!;
    expect(line.res.statusCode).toBe(403);
    expect(line.level).toBe(40);
  });
});

describe("a body nobody read", () => {
  it("is drained after the response, so the next request on the keep-alive connection works (issue 10)", async () => {
    // Like Remix answering a login redirect before the action reads its form: the
    // request stream is listened to and paused (its buffer is full), never read.
    const early: RequestHandler = (req, res) => {
      createReadableStreamFromReadable(req);
      setTimeout(() => res.status(302).set("Location", "/login").end(), 20);
    };
    const app = createApp({
      logger: pino({ level: "silent" }),
      remixHandler: early,
      trustProxy: false,
      bodyLimitBytes: 1024 * 1024,
      isDev: false,
    });
    const local = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => local.once("listening", () => resolve()));
    const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}/settings`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(url, {
          method: "POST",
          agent,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        });
        req.on("response", (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end(Buffer.alloc(300 * 1024, "a"));
      });
    try {
      expect(await post()).toBe(302);
      expect(await post()).toBe(302);
      expect(await post()).toBe(302);
    } finally {
      agent.destroy();
      local.closeAllConnections();
      await new Promise((resolve) => local.close(resolve));
    }
  });
});
