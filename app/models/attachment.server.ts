// Source documents attached to a case (issue 12.10): PDF, Word, Excel and
// PowerPoint. Like image uploads (upload.server.ts) the bytes decide what a file
// is — file-type reads the container's magic numbers (and, for the OOXML zips,
// which part they hold) — never its name or the browser's Content-Type. Stored
// under DATA_DIR/attachments by the SHA-256 of the bytes (one copy per content),
// written then renamed so no reader sees half a file. Only the case's author and,
// on a published case, moderators may add or remove (canEditCase); a moderator's
// change is written to the audit log in the same transaction.
import crypto from "node:crypto";
import path from "node:path";
import type { SessionUser } from "~/auth/session.server.ts";
import { canEditCase } from "~/models/case.server.ts";
import { writeAudit } from "~/models/audit.server.ts";
import { dataDir } from "~/utils/database-url.ts";
import { fileStorage } from "~/utils/file-storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CASE = 10;
const MAX_FILE_NAME = 120;

/** What we accept, by the type the content declares. */
const ACCEPTED: Record<string, { mime: string }> = {
  pdf: { mime: "application/pdf" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
};
/** The Office 97–2003 formats share one container (CFB); its name's extension says which. */
const LEGACY_OFFICE: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};
/** The accept attribute of the file input (a hint for the picker; the server decides). */
export const ATTACHMENT_ACCEPT = [".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt"].join(",");

export type AttachmentErrorCode = "missing" | "tooLarge" | "badType" | "tooMany" | "forbidden" | "notFound";

export class AttachmentError extends Error {
  constructor(public code: AttachmentErrorCode) {
    super(code);
    this.name = "AttachmentError";
  }
}

const STORAGE_KEY_RE = /^[0-9a-f]{64}\.(pdf|docx|xlsx|pptx|doc|xls|ppt)$/;

export function attachmentsDir(): string {
  return path.join(dataDir(), "attachments");
}

/** The stored file of a key, or null for anything that is not one of ours (no traversal). */
export function attachmentPath(storageKey: string): string | null {
  return STORAGE_KEY_RE.test(storageKey) ? path.join(attachmentsDir(), storageKey) : null;
}

/** A name safe to show and to send back: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069"]/g, "").trim();
  if (!clean) return "document";
  if (clean.length <= MAX_FILE_NAME) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : "";
  return clean.slice(0, MAX_FILE_NAME - ext.length) + ext;
}

/** The document's type judged by its bytes, or a badType error. */
export async function sniffDocument(bytes: Uint8Array, fileName: string): Promise<{ ext: string; mime: string }> {
  if (bytes.byteLength === 0) throw new AttachmentError("missing");
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new AttachmentError("tooLarge");
  // Loaded with the first upload, not with the server (~60 ms and ~5 MiB of every start).
  const { fileTypeFromBuffer } = await import("file-type");
  const found = await fileTypeFromBuffer(bytes);
  if (found && ACCEPTED[found.ext]) return { ext: found.ext, mime: ACCEPTED[found.ext]!.mime };
  if (found?.ext === "cfb") {
    const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
    if (LEGACY_OFFICE[ext]) return { ext, mime: LEGACY_OFFICE[ext]! };
  }
  throw new AttachmentError("badType");
}

/** Stores the document (file-storage.server.ts: DATA_DIR/attachments, or the database) under its content hash. */
async function storeBytes(bytes: Uint8Array, ext: string): Promise<string> {
  const hash = crypto.createHash("sha256").update(bytes).digest("hex");
  const key = `${hash}.${ext}`;
  await fileStorage().put(`attachments/${key}`, bytes);
  return key;
}

type Actor = Pick<SessionUser, "id" | "role">;

async function editableCase(caseId: string, user: Actor) {
  const c = await prisma.caseStudy.findUnique({
    where: { id: caseId },
    select: { id: true, slug: true, authorId: true, revisionNumber: true, deletedAt: true },
  });
  if (!c || c.deletedAt) throw new AttachmentError("notFound");
  if (!canEditCase(user, c)) throw new AttachmentError("forbidden");
  return c;
}

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export async function listAttachments(caseId: string): Promise<AttachmentView[]> {
  // The case page lists them on every view: read connection (ADR 048).
  return (await readStatement(
    "SELECT id, fileName, contentType, size FROM Attachment WHERE caseId = ? ORDER BY position, createdAt, id",
  ).all(caseId)) as AttachmentView[];
}

/** Checks, stores and lists a document on a case. */
export async function addAttachment(
  caseId: string,
  user: Actor,
  file: { name: string; bytes: Uint8Array },
): Promise<AttachmentView & { slug: string }> {
  const c = await editableCase(caseId, user);
  const fileName = cleanFileName(file.name);
  const type = await sniffDocument(file.bytes, fileName);
  const count = await prisma.attachment.count({ where: { caseId } });
  if (count >= MAX_ATTACHMENTS_PER_CASE) throw new AttachmentError("tooMany");
  const storageKey = await storeBytes(file.bytes, type.ext);
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.attachment.create({
      data: {
        caseId,
        uploaderId: user.id,
        fileName,
        contentType: type.mime,
        size: file.bytes.byteLength,
        storageKey,
        position: count,
      },
      select: { id: true, fileName: true, contentType: true, size: true },
    });
    if (c.authorId !== user.id) {
      await writeAudit(tx, {
        actorId: user.id,
        action: "attachment.add",
        targetType: "case",
        targetId: caseId,
        details: { fileName },
      });
    }
    return row;
  });
  return { ...created, slug: c.slug };
}

/** Removes a document; its bytes go when no other row still points at them. */
export async function removeAttachment(attachmentId: string, user: Actor): Promise<{ slug: string }> {
  const row = await prisma.attachment.findUnique({
    where: { id: attachmentId },
    select: { id: true, caseId: true, storageKey: true, fileName: true },
  });
  if (!row?.caseId) throw new AttachmentError("notFound");
  const c = await editableCase(row.caseId, user);
  await prisma.$transaction(async (tx) => {
    await tx.attachment.delete({ where: { id: row.id } });
    if (c.authorId !== user.id) {
      await writeAudit(tx, {
        actorId: user.id,
        action: "attachment.remove",
        targetType: "case",
        targetId: row.caseId!,
        details: { fileName: row.fileName },
      });
    }
  });
  const stillUsed = await prisma.attachment.count({ where: { storageKey: row.storageKey } });
  if (!stillUsed && attachmentPath(row.storageKey)) await fileStorage().remove(`attachments/${row.storageKey}`);
  return { slug: c.slug };
}

/**
 * A document for download, or null when this viewer may not see it: the case's
 * documents are public once it is (published, not hidden or deleted), and
 * otherwise only its author's and moderators'.
 */
export async function attachmentForDownload(attachmentId: string, user: Actor | null) {
  const row = await prisma.attachment.findUnique({
    where: { id: attachmentId },
    select: {
      fileName: true,
      contentType: true,
      size: true,
      storageKey: true,
      case: { select: { authorId: true, revisionNumber: true, status: true, deletedAt: true } },
    },
  });
  if (!row?.case) return null;
  const c = row.case;
  const isPublic = c.status === "published" && !c.deletedAt && c.revisionNumber > 0;
  if (!isPublic && !canEditCase(user, c)) return null;
  if (!attachmentPath(row.storageKey)) return null;
  const key = `attachments/${row.storageKey}`;
  const stat = await fileStorage().stat(key);
  if (!stat) return null;
  const body = () => fileStorage().stream(key);
  return { body, fileName: row.fileName, contentType: row.contentType, size: stat.size };
}

/**
 * Content-Disposition for a download: an ASCII fallback name plus the UTF-8 one
 * (RFC 6266 / 5987), so Chinese names arrive intact and no header injection is possible.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "document";
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
