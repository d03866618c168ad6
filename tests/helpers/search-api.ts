// GET /api/search through either way in (ADR 050): the Remix route's loader, or the
// plain Express handler the production server mounts in front of Remix, here inside
// createApp (server/app.ts) on a real socket, with a Remix stand-in that fails any
// request reaching it. Tests of the API run against both.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import * as api from "~/routes/api.search/route.tsx";
import { searchApiExpressHandler } from "~/features/search-api/answer.server.ts";
import { buildLoadContext } from "~/utils/context.server.ts";
import { createApp } from "../../server/app.ts";
import { callRoute } from "./route.ts";

export const SEARCH_API_WAYS = ["the Remix route", "the plain handler"] as const;
export type SearchApiWay = (typeof SEARCH_API_WAYS)[number];

export interface SearchApiResult {
  status: number;
  headers: Headers;
  data: any;
}

let origin: Promise<string> | undefined;

/** One server for the test file: createApp with the plain handler mounted, as server/serve.ts mounts it. */
function plainServer(): Promise<string> {
  return (origin ??= new Promise((resolve) => {
    const app = createApp({
      logger: pino({ level: "silent" }),
      remixHandler: (_req, res) => void res.status(599).type("text/plain").send("reached Remix"),
      // As entry.server.tsx createLoadContext, with the client address the tests choose.
      searchApi: searchApiExpressHandler(async (req, res) => {
        const { context, setCookie } = await buildLoadContext({
          url: `http://${req.get("host")}${req.originalUrl}`,
          cookie: req.get("cookie") ?? null,
          acceptLanguage: req.get("accept-language") ?? null,
          secure: false,
          clientIp: req.get("x-test-ip") ?? "127.0.0.1",
          cspNonce: "test",
          requestId: "test",
        });
        if (setCookie) res.append("Set-Cookie", setCookie);
        return context;
      }),
      trustProxy: false,
      bodyLimitBytes: 1024,
      isDev: false,
    });
    const server = http.createServer(app).listen(0, "127.0.0.1", () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  }));
}

export async function callSearchApi(
  way: SearchApiWay,
  opts: { path: string; headers?: Record<string, string>; cookie?: string },
): Promise<SearchApiResult> {
  if (way === "the Remix route") return callRoute(api.loader, opts);
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  const res = await fetch(`${await plainServer()}${opts.path}`, { headers });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: res.status, headers: res.headers, data };
}
