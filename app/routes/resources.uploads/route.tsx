// POST /resources/uploads — the editor's image upload (button, paste, drop).
// Signed-in members with a verified email address only. Answers JSON for fetch callers: `{ url, width, height }`
// or `{ error }` with a message in the member's language. The Express server caps
// this path's body at 11 MB; the multipart parser caps the file at 10 MB.
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
} from "@remix-run/node";
import { tFor } from "~/i18n/i18n.server.ts";
import { MAX_UPLOAD_BYTES, storeImage, UploadError } from "~/models/upload.server.ts";
import { consume, rateLimitMessage, retryAfterHeader } from "~/utils/rate-limit.server.ts";

const FIELD = "file";
/** Room for the multipart boundaries and headers around a full-size file. */
const ENVELOPE_BYTES = 64 * 1024;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = tFor(context.locale);
  if (request.method !== "POST") return json({ error: t("editor:upload.errors.method") }, 405);
  // A fetch cannot follow a login redirect usefully, so say 401 plainly.
  if (!context.user) return json({ error: t("editor:upload.errors.signIn") }, 401);
  // Images go into published content and comments, which need a verified address too.
  if (!context.user.emailVerified) return json({ error: t("editor:upload.errors.unverified") }, 403);

  const limited = await consume([["uploadUser", context.user.id]]);
  if (!limited.ok) {
    return new Response(JSON.stringify({ error: rateLimitMessage(context.locale, limited.retryAfterMs) }), {
      status: 429,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
        ...retryAfterHeader(limited.retryAfterMs),
      },
    });
  }

  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES + ENVELOPE_BYTES) return json({ error: t("editor:upload.errors.tooLarge") }, 413);
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) {
    return json({ error: t("editor:upload.errors.missing") }, 400);
  }

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES, filter: ({ name }) => name === FIELD }),
    );
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return json({ error: t("editor:upload.errors.tooLarge") }, 413);
    return json({ error: t("editor:upload.errors.missing") }, 400);
  }

  const file = form.get(FIELD);
  if (!file || typeof file === "string") return json({ error: t("editor:upload.errors.missing") }, 400);

  try {
    const stored = await storeImage(new Uint8Array(await file.arrayBuffer()));
    return json({ url: stored.url, width: stored.width, height: stored.height }, stored.created ? 201 : 200);
  } catch (e) {
    if (e instanceof UploadError) return json({ error: t(e.messageKey) }, e.code === "tooLarge" ? 413 : 400);
    throw e;
  }
}
