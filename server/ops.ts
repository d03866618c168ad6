// Endpoints for operators and load balancers, answered before logging, sessions and
// the page cache: /healthz (the process is alive), /readyz (it can serve: what
// app/models/health.server.ts checks) and /metrics (Prometheus text, for loopback
// clients or a bearer token). Probes get a status and one word, never details: the
// reasons a node is not ready go to the log. A draining node (SIGTERM) is not ready.
import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";
import express, { type Request, type RequestHandler } from "express";
import type { Logger } from "pino";
import { metrics } from "../app/utils/metrics.server.ts";

export interface OpsOptions {
  logger: Logger;
  /** The readiness of the app bundle (entry.server.tsx's readiness). */
  readiness: () => Promise<{ ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> }>;
  metricsToken?: string;
  /**
   * True once the node has begun its graceful stop: /readyz then answers 503 at once, so a
   * balancer probing on a kept-alive connection takes the node out while requests in flight finish.
   */
  draining?: () => boolean;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function mayReadMetrics(req: Request, token: string | undefined): boolean {
  const auth = req.get("authorization") ?? "";
  if (token && auth.startsWith("Bearer ")) {
    const given = Buffer.from(auth.slice(7));
    const wanted = Buffer.from(token);
    return given.length === wanted.length && crypto.timingSafeEqual(given, wanted);
  }
  // A request relayed by a proxy on this machine comes from loopback too: only a
  // direct, unproxied loopback client may read without the token.
  return LOOPBACK.has(req.socket.remoteAddress ?? "") && !req.get("x-forwarded-for") && !req.get("forwarded");
}

export function opsRouter(opts: OpsOptions) {
  const router = express.Router();
  const plain = (res: express.Response, status: number, body: string) =>
    res.status(status).set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).send(body);

  router.get("/healthz", (_req, res) => plain(res, 200, "ok\n"));

  let lastFailure = "";
  router.get("/readyz", async (_req, res) => {
    if (opts.draining?.()) return plain(res, 503, "draining\n");
    const r = await opts.readiness().catch((e: unknown) => ({
      ok: false,
      checks: { readiness: { ok: false, detail: String(e) } },
    }));
    if (!r.ok) {
      const failed = Object.entries(r.checks)
        .filter(([, c]) => !c.ok)
        .map(([name, c]) => `${name}: ${c.detail ?? "failed"}`)
        .join("; ");
      // Probes come every few seconds: log a reason when it changes, not on every probe.
      if (failed !== lastFailure) opts.logger.warn({ failed }, "not ready");
      lastFailure = failed;
      return plain(res, 503, "not ready\n");
    }
    if (lastFailure) opts.logger.info("ready again");
    lastFailure = "";
    return plain(res, 200, "ready\n");
  });

  router.get("/metrics", async (req, res) => {
    if (!mayReadMetrics(req, opts.metricsToken)) {
      return plain(res, 403, "Forbidden: /metrics answers loopback clients or Authorization: Bearer METRICS_TOKEN\n");
    }
    res.set({ "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
    res.send(await metrics.registry.metrics());
  });
  return router;
}

/**
 * Names a request by the pattern of the Remix route that answers it ("/cases/:slug"),
 * so the duration histogram has one series per page, not per URL.
 */
export function routePatternOf(build: Pick<ServerBuild, "routes"> | null): (path: string) => string {
  if (!build) return () => "app";
  const byParent = new Map<string | undefined, Array<ServerBuild["routes"][string]>>();
  for (const route of Object.values(build.routes)) {
    const list = byParent.get(route.parentId) ?? [];
    list.push(route);
    byParent.set(route.parentId, list);
  }
  const tree = (parentId: string | undefined): RouteObject[] =>
    (byParent.get(parentId) ?? []).map((r) =>
      r.index
        ? { id: r.id, path: r.path, index: true }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: tree(r.id) },
    );
  const routes = tree(undefined);
  // matchRoutes flattens, ranks and compiles every route to a RegExp on each call: ~5 %
  // of an /api/search request's CPU (issue 15 point 3). The answer for a path never
  // changes, so it is kept; the map is emptied when full, as URLs are unbounded.
  const known = new Map<string, string>();
  return (path: string) => {
    let pattern = known.get(path);
    if (pattern === undefined) {
      const matches = matchRoutes(routes, path);
      pattern = matches
        ? "/" +
          matches
            .map((m) => m.route.path)
            .filter(Boolean)
            .join("/")
            .replace(/^\/+/, "")
            .replace(/\/{2,}/g, "/")
        : "unmatched";
      if (known.size >= 5000) known.clear();
      known.set(path, pattern);
    }
    return pattern;
  };
}

/** Observes every response's duration by route pattern, and the page cache's answers. */
export function requestMetrics(patternOf: (path: string) => string): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once("finish", () => {
      const route = req.path.startsWith("/assets/") ? "/assets" : patternOf(req.path);
      end({ route, method: req.method, status: String(res.statusCode) });
      const cache = res.getHeader("X-Page-Cache");
      if (typeof cache === "string") metrics.pageCache.inc({ result: cache });
    });
    next();
  };
}
