// A stored file (a case's source document, affiliation evidence) answered as a
// download, never rendered on this origin: Content-Disposition: attachment with the
// UTF-8 name, nosniff and a sandboxing CSP, so a PDF with scripts or an HTML file
// dressed as one cannot run here. The routes decide who may fetch it and how long a
// private cache may keep it; this writes the answer once for both.
import { contentDisposition } from "~/models/attachment.server.ts";

export interface DownloadableFile {
  contentType: string;
  fileName: string;
  size: number;
}

/** 404 for a file that does not exist or that this user may not see (the same answer for both). */
export function downloadNotFound(cacheControl: string): Response {
  return new Response("Not found", {
    status: 404,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": cacheControl,
    },
  });
}

/** The file's bytes (or only its headers for HEAD); 404 when storage no longer holds them. */
export async function fileDownload(
  request: Request,
  file: DownloadableFile,
  body: () => Promise<ReadableStream<Uint8Array> | null>,
  cacheControl: string,
): Promise<Response> {
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Content-Disposition": contentDisposition(file.fileName),
    "Content-Length": String(file.size),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": cacheControl,
  });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  const stream = await body();
  if (!stream) return downloadNotFound(cacheControl);
  return new Response(stream, { status: 200, headers });
}
