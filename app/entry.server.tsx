import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "~/components/nonce.tsx";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { localeCookie, localeFromQuery } from "~/i18n/detect.server.ts";
import { buildLoadContext } from "~/utils/context.server.ts";
import { startJobWorker } from "~/jobs/worker.server.ts";
import { warmSearch } from "~/models/search.server.ts";
import { casePageVersion, listingsVersion } from "~/models/case.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { serverTiming } from "~/utils/request-timing.server.ts";
import { loadRenderer } from "~/utils/react-renderer.server.ts";
import { installRouteMatchMemo } from "~/utils/route-match-memo.server.ts";
import { renderDocument } from "~/utils/render-document.server.ts";
import { wholeBodyResponse } from "~/utils/whole-body.server.ts";
import { searchApiExpressHandler } from "~/features/search-api/answer.server.ts";

// The web-streams renderer, not react-dom/server's renderToPipeableStream: React
// 18.3's Node renderer writes its whole 2,048-byte buffer, zero-filled tail
// included, when a multi-byte character does not fit in the space left, so every
// long Chinese page carried NUL bytes (ADR 020). This one copies encoded bytes; it
// is loaded with a faster encoder (app/utils/react-renderer.server.ts) and driven by
// renderDocument (app/utils/render-document.server.ts: what becomes of a render that stops).
// Loaded with this module, while no request runs: it swaps the global TextEncoder meanwhile.
await loadRenderer();

// Route matching answered once per path and process (route-match-memo.server.ts).
installRouteMatchMemo();

export const streamTimeout = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const renderStart = performance.now();
  // The page's language comes from the cookie, the member's setting and
  // Accept-Language, so caches must key on them.
  responseHeaders.append("Vary", "Cookie, Accept-Language");
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");

  // The whole document, sent as one buffer (ADR 060): crawlers and browsers alike get the
  // complete page. Rejects (and Remix answers with the error boundary) when the shell fails.
  // Stops rendering when the client goes away, or when the render has produced nothing
  // for a second longer than Remix waits for deferred data (RemixServer's abortDelay).
  const body = await renderDocument(
    <NonceProvider value={loadContext.cspNonce}>
      <I18nextProvider i18n={i18nFor(loadContext.locale)}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={loadContext.cspNonce} />
      </I18nextProvider>
    </NonceProvider>,
    {
      signal: request.signal,
      nonce: loadContext.cspNonce,
      stallMs: streamTimeout + 1000,
      onError: () => {
        responseStatusCode = 500;
      },
      log: (error) => console.error(error),
      onStall: () => logger.warn({ url: request.url }, "render stalled; ended the page without the rest of its data"),
    },
  );
  // Loaders and database before rendering, then the render; the browser's
  // network panel shows them (issue 15 point 6).
  const timing = serverTiming({ render: performance.now() - renderStart }, renderStart);
  if (timing) responseHeaders.set("Server-Timing", timing);

  return wholeBodyResponse(body, { headers: responseHeaders, status: responseStatusCode });
}

// Called by server/index.ts through the build, so the context shares this
// bundle's modules (one Prisma client).
export async function createLoadContext(req: ExpressRequest, res: ExpressResponse): Promise<AppLoadContext> {
  const url = `${req.protocol}://${req.get("host")}${req.originalUrl}`;
  const secure = req.protocol === "https";
  const { context, setCookie } = await buildLoadContext({
    url,
    cookie: req.get("cookie") ?? null,
    acceptLanguage: req.get("accept-language") ?? null,
    secure,
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    cspNonce: String(res.locals.cspNonce ?? ""),
    requestId: String(res.locals.requestId ?? ""),
  });
  if (setCookie) res.append("Set-Cookie", setCookie);
  // ?lang= also remembers the choice, so a shared link sets the reader's language.
  const fromQuery = localeFromQuery(url);
  if (fromQuery) res.append("Set-Cookie", localeCookie(fromQuery, secure));
  return context;
}

/** GET /api/search, answered by server/app.ts before Remix with this bundle's modules (ADR 050). */
export const searchApi = searchApiExpressHandler(createLoadContext);

/**
 * The context of the members' shared render of a page (server/page-cache.ts):
 * the request's language, never its session.
 */
export async function createSharedLoadContext(input: {
  url: string;
  cookie: string | null;
  acceptLanguage: string | null;
  secure: boolean;
  cspNonce: string;
}) {
  const { context } = await buildLoadContext({
    ...input,
    clientIp: "shared-render",
    requestId: "shared-render",
    shared: true,
  });
  return context;
}

/**
 * The version of a page members share (server/page-cache.ts, ADR 015), or null
 * for a page they do not: a case page, and the pages that show nothing of the
 * member but the header (home, the case list, the base directory).
 */
export async function sharedPageVersion(path: string): Promise<string | null> {
  if (path === "/" || path === "/cases" || path === "/bases") return listingsVersion();
  const slug = /^\/cases\/([^/]+)$/.exec(path)?.[1];
  if (!slug) return null;
  try {
    return await casePageVersion(decodeURIComponent(slug));
  } catch {
    return null; // a malformed escape: let the page answer it
  }
}

/** Single-fetch data requests (client navigations) get the same Server-Timing as documents. */
export function handleDataRequest(response: Response) {
  const timing = serverTiming();
  try {
    if (timing && !response.headers.has("Server-Timing")) response.headers.set("Server-Timing", timing);
  } catch {
    // A response with immutable headers (a redirect Remix built) goes out as it is.
  }
  return response;
}

// /readyz (server/ops.ts) asks the bundle, so the check uses the app's one Prisma client.
export { readiness } from "~/models/health.server.ts";
// server/serve.ts closes the connections through the bundle too: the ones its modules opened.
export { closeConnections } from "~/utils/close-connections.server.ts";

export function startBackgroundWork(): () => Promise<void> {
  // After the first requests can be served: the first searches then find warm caches.
  const warm = setTimeout(() => void warmSearch(), 2000);
  const stop = startJobWorker();
  return async () => {
    clearTimeout(warm);
    await stop();
  };
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Thrown responses (404, 403, redirects) are answers, not failures; so is
  // Remix's own 404 for a URL no route matches (an error response, not a Response).
  if (error instanceof Response || isRouteErrorResponse(error)) return;
  logger.error({ err: error, url: request.url }, "unhandled error");
}
