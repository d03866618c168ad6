// Remix behind Express: what @remix-run/express's request handler does (its request and
// response conversions are not exported, so they are written out here), with one change to
// the sending. A rendered document arrives whole (app/utils/whole-body.server.ts, ADR 060) and goes out with
// one res.end(buffer): the compression middleware compresses it in one go, Node adds its
// Content-Length, and nothing reads it back through a web stream with a res.flush() per chunk.
// Every other response (data requests, resources, redirects) is sent as the adapter sends it.
import {
  createReadableStreamFromReadable,
  createRequestHandler as createFetchRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { wholeBodyOf } from "../app/utils/whole-body.server.ts";

export function remixRequestHandler(opts: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode?: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => Promise<unknown>;
}): RequestHandler {
  const handleRequest = createFetchRequestHandler(opts.build, opts.mode);
  return async (req, res, next) => {
    try {
      const request = remixRequest(req, res);
      const context = await opts.getLoadContext(req, res);
      const response = await handleRequest(request, context as never);
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The fetch Request for an Express request, as @remix-run/express makes it. */
export function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // req.hostname has no port: take it from X-Forwarded-Host or Host. req.hostname respects
  // the "trust proxy" setting; originalUrl keeps the full path.
  const forwardedPort = Number.parseInt(req.get("X-Forwarded-Host")?.split(":")[1] ?? "", 10);
  const hostPort = Number.parseInt(req.get("host")?.split(":")[1] ?? "", 10);
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);

  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  // Loaders and actions are aborted when the response can no longer be written before it was
  // sent ("close" without "finish").
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

/** Sends a Remix response: a whole body with one res.end, anything else as @remix-run/express does. */
export async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  const whole = wholeBodyOf(response);
  if (whole) {
    // The compression middleware drops it when it compresses.
    res.setHeader("Content-Length", whole.byteLength);
    res.end(whole);
    return;
  }
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
