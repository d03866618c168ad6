// GET /affiliation/evidence/<request id> — the evidence a member attached to an
// affiliation request (ADR 044): for that member and for reviewers only; anyone
// else signed in gets 404 (as for a request that does not exist), a visitor the
// login page. Always a download, never rendered on this origin (nosniff, a
// sandboxing CSP) and never kept by a shared cache.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server.ts";
import { evidenceForDownload, streamEvidence } from "~/models/affiliation-evidence.server.ts";
import { contentDisposition } from "~/models/attachment.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const found = await evidenceForDownload(params.id ?? "", user);
  if (!found) {
    return new Response("Not found", {
      status: 404,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  }
  const headers = new Headers({
    "Content-Type": found.contentType,
    "Content-Disposition": contentDisposition(found.fileName),
    "Content-Length": String(found.size),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
  });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  const body = await streamEvidence(found);
  if (!body) return new Response("Not found", { status: 404, headers: { "Cache-Control": "private, no-store" } });
  return new Response(body, { status: 200, headers });
}
