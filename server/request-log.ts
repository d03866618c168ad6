// One log line per request (id, method, url, status, duration) and the X-Request-Id header.
//
// This was pino-http, which makes two child loggers for every request (the second one
// serializes the request's bindings at once) whether or not a line is ever written: with the
// production level at "info" behind a proxy, or "warn" on a quiet node, that was ~0.2–0.3 ms of
// CPU per request, pages served from the cache included (issue 15.1). Here nothing is built for a
// request until its line is written, and a level that is off costs one comparison. The line's
// shape is pino-http's (req, res, responseTime, its three messages), so log queries keep working.
import crypto from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "pino";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The request's id: one set by a proxy in front, so its logs and ours line up, but only a plain
 * token (the header is client-controlled and ends up in logs and responses); otherwise a new one.
 */
export function requestId(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** Sets `res.locals.requestId` and X-Request-Id, and logs the request when its response finishes or the client leaves. */
export function requestLog(logger: Logger, opts: { ignore?: (url: string) => boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const id = requestId(req.headers["x-request-id"]);
    // For the load context (app/entry.server.tsx), as the CSP nonce.
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    if (opts.ignore?.(req.url)) return next();
    const started = performance.now();
    const done = () => {
      res.removeListener("finish", done);
      res.removeListener("close", done);
      const status = res.statusCode;
      const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      if (!logger.isLevelEnabled(level)) return;
      const line: Record<string, unknown> = {
        req: { id, method: req.method, url: req.originalUrl },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - started),
      };
      if (status >= 500) {
        line.err = new Error(`failed with status code ${status}`);
        logger[level](line, "request errored");
      } else logger[level](line, !req.readableAborted && res.writableEnded ? "request completed" : "request aborted");
    };
    res.on("finish", done);
    res.on("close", done);
    next();
  };
}
