// Request guards that run before Remix sees a request.
import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Rejects cross-site state-changing requests (CSRF). SameSite=Lax cookies already
 * stop most of them; this closes the gaps (sibling subdomains, old browsers).
 * Browsers send Origin on every non-GET fetch and form post; when it is missing
 * we fall back to Sec-Fetch-Site. Requests with neither come from non-browser
 * clients, which carry no ambient cookies, so they pass.
 */
export function originCheck({ exempt }: { exempt: string[] }): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    // Exactly these paths: below them lies no route, and Remix answers a cross-origin
    // POST to a document route with an error of its own (a 500), not a 403.
    if (exempt.includes(req.path)) return next();
    const origin = req.get("origin");
    // Behind a trusted proxy the browser's host is the first X-Forwarded-Host entry.
    const forwarded = req.app.get("trust proxy") ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
    const host = forwarded || req.get("host");
    let sameSite: boolean;
    if (origin && origin !== "null") {
      try {
        sameSite = new URL(origin).host === host;
      } catch {
        sameSite = false;
      }
    } else if (origin === "null") {
      sameSite = false;
    } else {
      const site = req.get("sec-fetch-site");
      sameSite = !site || site === "same-origin" || site === "none";
    }
    if (sameSite) return next();
    res.status(403).type("text/plain").send("Cross-site request rejected / 已拒绝跨站请求");
  };
}

/**
 * After the response, reads and drops what is left of a request body nobody read:
 * an action that answers before reading its form (a login redirect, a 403). Remix's
 * request stream pauses the socket when its buffer fills and, unread, it stays
 * paused; the client's next request on that keep-alive connection then failed with
 * ECONNRESET. At most `maxBytes` are drained; a body longer than that closes the
 * connection instead.
 */
export function drainUnreadBody({ maxBytes }: { maxBytes: number }): RequestHandler {
  return (req, res, next) => {
    res.once("finish", () => {
      if (req.complete || req.destroyed) return;
      // Nobody reads it any more: the stream Remix made of it included.
      req.removeAllListeners("data");
      let drained = 0;
      req.on("data", (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > maxBytes) req.destroy();
      });
      req.resume();
    });
    next();
  };
}

/**
 * Behind a proxy that is not trusted (TRUST_PROXY off), every client has the
 * proxy's address: per-IP limits then lump everyone together, and secure cookies
 * and redirects see the proxy's scheme. Says so in the log, once per process,
 * the first time a request carries X-Forwarded-For (issue 10.5).
 */
export function untrustedProxyWarning({
  trustProxy,
  warn,
}: {
  trustProxy: boolean;
  warn: (details: Record<string, unknown>, message: string) => void;
}): RequestHandler {
  let warned = trustProxy;
  return (req, _res, next) => {
    if (!warned && req.get("x-forwarded-for") !== undefined) {
      warned = true;
      warn(
        { remoteAddress: req.socket.remoteAddress },
        "Requests carry X-Forwarded-For but TRUST_PROXY is off: every client appears with the proxy's address, so " +
          "per-address limits (login, sign-up) are shared by everyone behind it. Set TRUST_PROXY=true if a proxy " +
          "you control sets that header (see docs/operations.md).",
      );
    }
    next();
  };
}

/**
 * Answers 413 when a body is larger than allowed, by Content-Length up front or,
 * for chunked bodies, as soon as the running count passes the limit.
 */
export function bodyLimit({
  defaultLimit,
  overrides,
}: {
  defaultLimit: number;
  overrides: Record<string, number>;
}): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const limit = overrides[req.path] ?? defaultLimit;
    const declared = Number(req.get("content-length") ?? NaN);
    const tooLarge = () => {
      res.status(413).set("Connection", "close").type("text/plain").send("Request body too large / 请求内容过大");
    };
    if (Number.isFinite(declared)) {
      if (declared > limit) return tooLarge();
      return next();
    }
    let seen = 0;
    req.on("data", (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit && !res.headersSent) {
        tooLarge();
        req.destroy();
      }
    });
    next();
  };
}
