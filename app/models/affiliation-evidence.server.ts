// Evidence attached to a base-affiliation request (issue 12.9): a letter, a work
// badge, an appointment — as a PDF or a photo/scan (JPEG, PNG, WebP), at most
// 5 MB. The bytes decide the type (file-type's magic numbers), never the name or
// the browser's Content-Type. Photos are decoded and re-encoded (upload.server's
// processImage: WebP, ≤ 2000 px, EXIF/GPS gone); PDFs are kept as sent.
//
// The files are private (ADR 044): stored through the file storage (ADR 047:
// DATA_DIR/evidence on one node, the database's StoredFile table when several
// nodes share PostgreSQL; never a static folder) under a random name, and handed out only by
// evidenceForDownload — to the member who filed the request and to reviewers
// (review:affiliation:any); anyone else gets the same "not found" as for a
// request that does not exist.
import crypto from "node:crypto";
import path from "node:path";
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { dataDir } from "~/utils/database-url.ts";
import { fileStorage } from "~/utils/file-storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { cleanFileName } from "./attachment.server.ts";
import { processImage, UploadError } from "./upload.server.ts";
// The limits the form shows live where the browser may load them.
import { MAX_EVIDENCE_BYTES } from "./affiliation-evidence.ts";

export { EVIDENCE_ACCEPT, MAX_EVIDENCE_BYTES } from "./affiliation-evidence.ts";

export type EvidenceErrorCode = "tooLarge" | "badType" | "broken";

export class EvidenceError extends Error {
  constructor(public code: EvidenceErrorCode) {
    super(code);
    this.name = "EvidenceError";
  }
  /** The i18n key the form shows. */
  get messageKey(): string {
    return `bases:errors.evidence-${this.code}`;
  }
}

const CONTENT_TYPES: Record<string, string> = { pdf: "application/pdf", webp: "image/webp" };
const KEY_RE = /^[0-9a-f]{64}\.(pdf|webp)$/;

export function evidenceDir(): string {
  return path.join(dataDir(), "evidence");
}

/** Where local file storage keeps a key's file, or null for anything that is not one of ours (no traversal). */
export function evidencePath(key: string | null | undefined): string | null {
  return key && KEY_RE.test(key) ? path.join(evidenceDir(), key) : null;
}

/** The file storage's key for an evidence key, or null for anything that is not one of ours. */
function storageKey(key: string | null | undefined): string | null {
  return key && KEY_RE.test(key) ? `evidence/${key}` : null;
}

/** What a member sent, as stored bytes and a type; throws EvidenceError for anything else. */
async function normalize(bytes: Uint8Array): Promise<{ bytes: Uint8Array; ext: "pdf" | "webp" }> {
  if (bytes.byteLength > MAX_EVIDENCE_BYTES) throw new EvidenceError("tooLarge");
  const { fileTypeFromBuffer } = await import("file-type"); // on the first upload, not at start
  const found = await fileTypeFromBuffer(bytes);
  if (found?.ext === "pdf") return { bytes, ext: "pdf" };
  if (found && ["jpg", "png", "webp"].includes(found.ext)) {
    try {
      return { bytes: (await processImage(bytes)).webp, ext: "webp" };
    } catch (e) {
      if (e instanceof UploadError) throw new EvidenceError(e.code === "badType" ? "badType" : "broken");
      throw e;
    }
  }
  throw new EvidenceError("badType");
}

/**
 * Checks and stores one file; returns what the request row keeps. The name is a
 * random one (two members' identical letters are two files, and a name says
 * nothing of the content); the shown name keeps the member's, with the stored
 * type's extension.
 */
export async function storeEvidence(file: { name: string; bytes: Uint8Array }): Promise<{ key: string; name: string }> {
  const { bytes, ext } = await normalize(file.bytes);
  const key = `${crypto.randomBytes(32).toString("hex")}.${ext}`;
  await fileStorage().put(`evidence/${key}`, bytes);
  const shown = cleanFileName(file.name);
  const stem = shown.replace(/\.[A-Za-z0-9]{1,5}$/, "") || "evidence";
  return { key, name: `${stem}.${ext}` };
}

/** Removes stored evidence files (a request that was not filed, a deleted account). */
export async function removeEvidenceFiles(keys: Array<string | null | undefined>): Promise<void> {
  for (const key of keys) {
    const at = storageKey(key);
    if (at)
      await fileStorage()
        .remove(at)
        .catch(() => {});
  }
}

/**
 * The evidence of a request for this viewer, or null: only the member who filed
 * the request and reviewers of affiliations may have it.
 */
export async function evidenceForDownload(requestId: string, viewer: Pick<SessionUser, "id" | "role"> | null) {
  if (!viewer || !requestId || requestId.length > 64) return null;
  const row = await prisma.affiliationRequest.findUnique({
    where: { id: requestId },
    select: { userId: true, evidenceKey: true, evidenceName: true },
  });
  if (!row?.evidenceKey) return null;
  if (row.userId !== viewer.id && !can(viewer, "review:affiliation:any")) return null;
  const at = storageKey(row.evidenceKey);
  if (!at) return null;
  const stat = await fileStorage().stat(at);
  if (!stat) return null;
  const ext = row.evidenceKey.split(".").pop()!;
  return {
    storageKey: at,
    fileName: row.evidenceName ?? `evidence.${ext}`,
    contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
    size: stat.size,
  };
}

/** The bytes of a request's evidence (the member's data export), or null. */
export async function readEvidence(key: string | null | undefined): Promise<Buffer | null> {
  const at = storageKey(key);
  return at ? fileStorage().read(at) : null;
}

/** The evidence evidenceForDownload found, as a response body. */
export async function streamEvidence(found: { storageKey: string }): Promise<ReadableStream<Uint8Array> | null> {
  return fileStorage().stream(found.storageKey);
}
