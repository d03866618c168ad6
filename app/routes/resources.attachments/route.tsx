// POST /resources/attachments — adds (multipart: caseId + file) or removes
// (intent=remove, id) a case's source document (issue 12.10). Plain forms on the
// edit page post here and come back to it with ?attachment=<outcome>#attachments,
// so it works without JavaScript. Who may: the model decides (the case's author,
// or a moderator on a published case).
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
} from "@remix-run/node";
import { requireUser } from "~/auth/guards.server.ts";
import {
  AttachmentError,
  MAX_ATTACHMENT_BYTES,
  addAttachment,
  removeAttachment,
  type AttachmentErrorCode,
} from "~/models/attachment.server.ts";
import { prisma } from "~/utils/db.server.ts";

/** Room for the multipart boundaries and the other fields around a full-size file. */
const ENVELOPE_BYTES = 64 * 1024;

function back(slug: string | null, outcome: string): Response {
  if (!slug) return new Response("Not found", { status: 404 });
  return redirect(`/cases/${slug}/edit?attachment=${outcome}#attachments`, 303);
}

async function slugOf(caseId: string): Promise<string | null> {
  if (!caseId || caseId.length > 64) return null;
  return (await prisma.caseStudy.findUnique({ where: { id: caseId }, select: { slug: true } }))?.slug ?? null;
}

function failure(slug: string | null, code: AttachmentErrorCode): Response {
  if (code === "notFound") return new Response("Not found", { status: 404 });
  if (code === "forbidden") return new Response("Forbidden", { status: 403 });
  return back(slug, code);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const url = new URL(request.url);
  const caseId = url.searchParams.get("caseId") ?? "";

  if (url.searchParams.get("intent") === "remove") {
    const id = url.searchParams.get("id") ?? "";
    try {
      const { slug } = await removeAttachment(id.slice(0, 64), user);
      return back(slug, "removed");
    } catch (e) {
      if (e instanceof AttachmentError) return failure(await slugOf(caseId), e.code);
      throw e;
    }
  }

  const slug = await slugOf(caseId);
  if (!slug) return new Response("Not found", { status: 404 });
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_ATTACHMENT_BYTES + ENVELOPE_BYTES) return back(slug, "tooLarge");
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) return back(slug, "missing");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES, filter: ({ name }) => name === "file" }),
    );
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return back(slug, "tooLarge");
    return back(slug, "missing");
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return back(slug, "missing");
  try {
    await addAttachment(caseId, user, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return back(slug, "added");
  } catch (e) {
    if (e instanceof AttachmentError) return failure(slug, e.code);
    throw e;
  }
}
