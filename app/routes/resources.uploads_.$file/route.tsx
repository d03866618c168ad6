// GET /resources/uploads/<sha256>.webp — a stored upload. Names are content
// hashes, so a file never changes: cached for a year, immutable. Only names of
// that exact shape are looked up, so no path can reach outside the uploads folder.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { statUpload, streamUpload } from "~/models/upload.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const stored = await statUpload(params.file);
  if (!stored) {
    return new Response("Not found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
    });
  }
  const etag = `"${params.file!.slice(0, 64)}"`;
  const headers = new Headers({
    "Content-Type": "image/webp",
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    ETag: etag,
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(stored.size));
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  const body = await streamUpload(params.file);
  if (!body)
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(body, { status: 200, headers });
}
