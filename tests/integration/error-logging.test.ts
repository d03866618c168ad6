// What the server logs as an error: failures, not answers. A URL no route
// matches (a crawler asking for /robots.txt before it existed) was logged at
// level "error" because Remix reports it as an error response, not a Response.
import fs from "node:fs";
import path from "node:path";
import { UNSAFE_ErrorResponseImpl as ErrorResponse } from "@remix-run/router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "~/entry.server.tsx";
import { logger } from "~/utils/logger.server.ts";

afterEach(() => vi.restoreAllMocks());

describe("handleError", () => {
  it("does not log thrown answers: a route's 404 or redirect, or Remix's own 404 for an unknown URL", () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const request = new Request("http://127.0.0.1/robots.txt");
    handleError(new ErrorResponse(404, "Not Found", 'Error: No route matches URL "/robots.txt"', true), { request });
    handleError(new Response("Not found", { status: 404 }), { request });
    expect(error).not.toHaveBeenCalled();
    handleError(new Error("database is locked"), { request });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("has a robots.txt to serve, so crawlers do not ask for a missing page", () => {
    const robots = fs.readFileSync(path.join(process.cwd(), "public/robots.txt"), "utf8");
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toMatch(/^Disallow: \/admin$/m);
    expect(robots).not.toMatch(/^Disallow: \/$/m);
  });
});
