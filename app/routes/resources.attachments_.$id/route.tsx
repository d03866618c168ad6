// GET /resources/attachments/<id> — a case's source document, always as a
// download (Content-Disposition: attachment, with the UTF-8 name for Chinese
// file names), never rendered by the browser: nosniff and a sandboxing CSP, so a
// PDF with scripts or an HTML file dressed as one cannot run on this origin.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentForDownload, contentDisposition } from "~/models/attachment.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = params.id ? await attachmentForDownload(params.id.slice(0, 64), context.user ?? null) : null;
  if (!found) {
    return new Response("Not found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
    });
  }
  const headers = new Headers({
    "Content-Type": found.contentType,
    "Content-Disposition": contentDisposition(found.fileName),
    "Content-Length": String(found.size),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    // Drafts' documents are private: no shared cache keeps them.
    "Cache-Control": "private, no-cache",
  });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  const body = await found.body();
  if (!body)
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(body, { status: 200, headers });
}
