// Calls a route's loader or action the way the server does: a real Request and
// the same load context (session, locale) the Express server builds. Thrown
// responses (redirects, 403, 404) are returned, so tests can assert on them.
import type { AppLoadContext } from "@remix-run/node";
import { buildLoadContext } from "~/utils/context.server.ts";

type RouteFn = (args: {
  request: Request;
  context: AppLoadContext;
  params: Record<string, string | undefined>;
}) => unknown;

export interface RouteResult {
  status: number;
  headers: Headers;
  data: any;
  /** The session cookie set by this response, if any ("" when cleared). */
  sessionToken: string | undefined;
}

export interface CallOptions {
  path?: string;
  params?: Record<string, string>;
  form?: Record<string, string | string[]> | FormData;
  /** A raw body (sent as is, with the headers given: set Content-Type yourself). */
  body?: BodyInit;
  cookie?: string;
  headers?: Record<string, string>;
  method?: string;
  /** Build the context of the members' shared render (no session is read). */
  shared?: boolean;
  /**
   * A document request (the page's HTML): loaders may leave out of their data what
   * the markup holds (ADR 054). By default a call is a client navigation's data
   * request, whose answer is all the browser gets.
   */
  document?: boolean;
}

function isDataWithInit(v: unknown): v is { type: string; data: unknown; init: ResponseInit | null } {
  return typeof v === "object" && v !== null && (v as { type?: string }).type === "DataWithResponseInit";
}

export async function callRoute(fn: RouteFn | undefined, opts: CallOptions = {}): Promise<RouteResult> {
  if (!fn) throw new Error("route has no such export");
  const url = `http://127.0.0.1:3000${opts.path ?? "/"}`;
  let body: FormData | undefined;
  if (opts.form instanceof FormData) body = opts.form;
  else if (opts.form) {
    body = new FormData();
    for (const [k, v] of Object.entries(opts.form)) for (const item of [v].flat()) body.append(k, item);
  }
  const method = opts.method ?? (body || opts.body !== undefined ? "POST" : "GET");
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  const request = new Request(url, { method, body: opts.body ?? body, headers });
  const { context } = await buildLoadContext({
    url,
    cookie: opts.cookie ?? null,
    acceptLanguage: headers.get("accept-language"),
    secure: false,
    clientIp: headers.get("x-test-ip") ?? "127.0.0.1",
    cspNonce: "test",
    requestId: "test",
    shared: opts.shared,
  });
  context.document = opts.document ?? false;
  let result: unknown;
  try {
    result = await fn({ request, context, params: opts.params ?? {} });
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown;
    else throw thrown;
  }
  let status = 200;
  let resHeaders = new Headers();
  let data: unknown = result;
  if (result instanceof Response) {
    status = result.status;
    resHeaders = result.headers;
    const text = await result.text();
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
  } else if (isDataWithInit(result)) {
    status = result.init?.status ?? 200;
    resHeaders = new Headers(result.init?.headers);
    data = result.data;
  }
  const setCookie = resHeaders.get("set-cookie") ?? "";
  const match = /bee_session=([^;]*)/.exec(setCookie);
  return { status, headers: resHeaders, data, sessionToken: match ? match[1] : undefined };
}

export function sessionCookieHeader(token: string): string {
  return `bee_session=${token}`;
}
