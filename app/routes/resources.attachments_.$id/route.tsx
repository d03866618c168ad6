// GET /resources/attachments/<id> — a case's source document, always as a
// download (Content-Disposition: attachment, with the UTF-8 name for Chinese
// file names), never rendered by the browser: nosniff and a sandboxing CSP, so a
// PDF with scripts or an HTML file dressed as one cannot run on this origin.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentForDownload } from "~/models/attachment.server.ts";
import { downloadNotFound, fileDownload } from "~/features/downloads/file-download.server.ts";

/** Drafts' documents are private: no shared cache keeps them. */
const PRIVATE = "private, no-cache";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = params.id ? await attachmentForDownload(params.id.slice(0, 64), context.user ?? null) : null;
  if (!found) return downloadNotFound(PRIVATE);
  return fileDownload(request, found, found.body, PRIVATE);
}
