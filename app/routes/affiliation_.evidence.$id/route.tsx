// GET /affiliation/evidence/<request id> — the evidence a member attached to an
// affiliation request (ADR 044): for that member and for reviewers only; anyone
// else signed in gets 404 (as for a request that does not exist), a visitor the
// login page. Always a download, never rendered on this origin (nosniff, a
// sandboxing CSP) and never kept by a shared cache.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server.ts";
import { evidenceForDownload, streamEvidence } from "~/models/affiliation-evidence.server.ts";
import { downloadNotFound, fileDownload } from "~/features/downloads/file-download.server.ts";

/** Evidence is personal: no cache, private or shared, keeps it. */
const NO_STORE = "private, no-store";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const found = await evidenceForDownload(params.id ?? "", user);
  if (!found) return downloadNotFound(NO_STORE);
  return fileDownload(request, found, () => streamEvidence(found), NO_STORE);
}
