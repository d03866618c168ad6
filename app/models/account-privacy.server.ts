// A member's rights over their personal information (PIPL, ADR 037): download
// everything the exchange keeps about them, and delete their account.
//
// Deletion keeps the User row (threads, cases, votes and adoptions point at it)
// but erases every personal field, frees the email address and the username,
// revokes every session and mail token, drops what only served the member
// (notifications, follows, bookmarks, affiliation requests with their evidence,
// never-published drafts) and writes the audit log — one transaction. What they
// published stays, shown as by a "deleted member"; search documents that carried
// their name are refreshed.
import type { Zippable } from "fflate";
import { hashPassword, verifyPassword } from "~/auth/password.server.ts";
import { generateToken } from "~/auth/tokens.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { writeAudit } from "./audit.server.ts";
import { caseDocId, commentDocId, enqueueSearchDocs } from "./search-outbox.server.ts";
import { readUpload, statUpload } from "./upload.server.ts";
import { readEvidence, removeEvidenceFiles } from "./affiliation-evidence.server.ts";

/** Uploaded images referenced in a text (rich-text JSON of cases, drafts, comments). */
const UPLOAD_REF = /\/resources\/uploads\/([0-9a-f]{64}\.webp)/g;
/** The zip holds at most this many bytes of uploads; beyond it the files are listed, not copied. */
export const EXPORT_UPLOAD_BYTES_MAX = 200 * 1024 * 1024;

/** A deleted member's username: "~" is refused by the username rules, so no one can register it. */
export function deletedUsername(userId: string): string {
  return `~${userId}`;
}

/** A deleted member's email: unique, undeliverable (.invalid), and never someone's real address. */
function deletedEmail(userId: string): string {
  return `deleted+${userId}@deleted.invalid`;
}

export function isDeletedMember(author: { displayName: string; username: string }): boolean {
  return author.username.startsWith("~");
}

function parseJson(text: string | null | undefined): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Everything kept about the member, as JSON files and their uploads, zipped. Null for an unknown or deleted account. */
export async function exportAccountZip(userId: string, now = new Date()): Promise<Uint8Array | null> {
  const { strToU8, zipSync } = await import("fflate"); // with the first export, not at start
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      emailVerifiedAt: true,
      username: true,
      displayName: true,
      title: true,
      bio: true,
      role: true,
      locale: true,
      createdAt: true,
      updatedAt: true,
      suspendedAt: true,
      suspendedReason: true,
      privacyConsentAt: true,
      privacyPolicyVersion: true,
      emailNotifications: true,
      notificationSettings: true,
      typicalCaseDigest: true,
      baseVerifiedAt: true,
      deletedAt: true,
      base: { select: { slug: true, nameZh: true, nameEn: true } },
    },
  });
  if (!user || user.deletedAt) return null;
  const [cases, revisions, comments, reactions, bookmarks, follows, notifications, affiliations, adoptions] =
    await Promise.all([
      prisma.caseStudy.findMany({
        where: { authorId: userId },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          slug: true,
          status: true,
          title: true,
          titleEn: true,
          summary: true,
          summaryEn: true,
          publishedAt: true,
          createdAt: true,
          deletedAt: true,
          draft: true,
          draftSavedAt: true,
        },
      }),
      prisma.caseRevision.findMany({
        where: { editorId: userId },
        orderBy: { createdAt: "asc" },
        select: { caseId: true, number: true, note: true, content: true, createdAt: true },
      }),
      prisma.comment.findMany({
        where: { authorId: userId },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          parentId: true,
          body: true,
          bodyText: true,
          createdAt: true,
          editedAt: true,
          deletedAt: true,
          case: { select: { slug: true, title: true } },
        },
      }),
      prisma.reaction.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { targetType: true, targetId: true, createdAt: true },
      }),
      prisma.bookmark.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true, case: { select: { slug: true, title: true } } },
      }),
      prisma.subscription.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { targetType: true, targetId: true, createdAt: true },
      }),
      prisma.notification.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { type: true, data: true, createdAt: true, readAt: true },
      }),
      prisma.affiliationRequest.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          message: true,
          evidenceName: true,
          evidenceKey: true,
          status: true,
          reviewReason: true,
          reviewedAt: true,
          createdAt: true,
          base: { select: { slug: true, nameZh: true } },
        },
      }),
      prisma.adoption.findMany({ where: { userId } }),
    ]);

  const files: Zippable = {};
  const json = (name: string, value: unknown) => {
    files[name] = strToU8(`${JSON.stringify(value, null, 2)}\n`);
  };
  json("account.json", {
    ...user,
    notificationSettings: parseJson(user.notificationSettings),
    exportedAt: now.toISOString(),
  });
  json(
    "cases.json",
    cases.map((c) => ({ ...c, draft: parseJson(c.draft) })),
  );
  json(
    "case-revisions.json",
    revisions.map((r) => ({ ...r, content: parseJson(r.content) })),
  );
  json(
    "comments.json",
    comments.map((c) => ({ ...c, body: parseJson(c.body) })),
  );
  json("helpful-votes.json", reactions);
  json("bookmarks.json", bookmarks);
  json("follows.json", follows);
  json(
    "notifications.json",
    notifications.map((n) => ({ ...n, data: parseJson(n.data) })),
  );
  // The evidence files go in evidence/ (ADR 044); the storage key stays out of the JSON.
  json(
    "affiliation-requests.json",
    affiliations.map(({ evidenceKey: _key, ...a }) => a),
  );
  for (const a of affiliations) {
    const bytes = a.evidenceName ? await readEvidence(a.evidenceKey) : null;
    if (bytes) files[`evidence/${a.id}-${a.evidenceName}`] = [bytes, { level: 0 }];
  }
  json("adoptions.json", adoptions);

  // The images the member put into their cases, drafts and comments.
  const referenced = new Set<string>();
  const scan = (text: string | null | undefined) => {
    for (const m of (text ?? "").matchAll(UPLOAD_REF)) referenced.add(m[1]!);
  };
  for (const c of cases) scan(c.draft);
  for (const r of revisions) scan(r.content);
  for (const c of comments) scan(c.body);
  const uploads: Array<{ file: string; included: boolean }> = [];
  let bytes = 0;
  for (const file of [...referenced].sort()) {
    const size = (await statUpload(file))?.size ?? -1;
    const included = size >= 0 && bytes + size <= EXPORT_UPLOAD_BYTES_MAX;
    const data = included ? await readUpload(file) : null;
    if (data) {
      bytes += size;
      // WebP is compressed already: stored, not deflated again.
      files[`uploads/${file}`] = [data, { level: 0 }];
    }
    uploads.push({ file, included: data !== null });
  }
  json("uploads.json", uploads);
  files["README.txt"] = strToU8(
    [
      "Base Experience Exchange — your data / 基地经验交流平台 — 您的数据",
      `Exported ${now.toISOString()} for @${user.username}.`,
      "account.json: your account and settings / 账户与设置",
      "cases.json, case-revisions.json: cases you wrote and revisions you made / 您撰写的案例及修订",
      "comments.json, helpful-votes.json: your comments and votes / 评论与投票",
      "bookmarks.json, follows.json, notifications.json: 收藏、关注、通知",
      "affiliation-requests.json, adoptions.json: base affiliation and adoptions / 基地认证与借鉴记录",
      "uploads/: images you uploaded (uploads.json lists them) / 您上传的图片",
      "evidence/: files attached to your affiliation requests / 您为基地认证提交的证明材料",
      "",
    ].join("\n"),
  );
  return zipSync(files, { level: 6, mtime: now });
}

export type DeleteAccountResult = "deleted" | "wrong-password" | "last-admin" | "not-found";

/** Deletes the member's account after checking their password again (ADR 037). */
export async function deleteAccount(userId: string, password: string, now = new Date()): Promise<DeleteAccountResult> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, role: true, deletedAt: true },
  });
  if (!user || user.deletedAt) return "not-found";
  if (!(await verifyPassword(user.passwordHash, password))) return "wrong-password";
  // A hash of a random secret nobody knows: the row keeps a valid hash, and no password opens it.
  const unusableHash = await hashPassword(generateToken() + generateToken());
  const evidence = await prisma.affiliationRequest.findMany({
    where: { userId, evidenceKey: { not: null } },
    select: { evidenceKey: true },
  });
  const result = await prisma.$transaction(async (tx) => {
    if (user.role === "admin") {
      const admins = await tx.user.count({ where: { role: "admin", deletedAt: null, suspendedAt: null } });
      if (admins <= 1) return "last-admin" as const;
    }
    const [cases, comments] = await Promise.all([
      tx.caseStudy.findMany({ where: { authorId: userId, revisionNumber: { gt: 0 } }, select: { id: true } }),
      tx.comment.findMany({ where: { authorId: userId }, select: { id: true } }),
    ]);
    await tx.user.update({
      where: { id: userId },
      data: {
        email: deletedEmail(userId),
        emailVerifiedAt: null,
        username: deletedUsername(userId),
        displayName: "",
        title: "",
        bio: "",
        passwordHash: unusableHash,
        role: "member",
        locale: null,
        baseId: null,
        baseVerifiedAt: null,
        emailNotifications: false,
        notificationSettings: "{}",
        typicalCaseDigest: false,
        lastNotificationMailAt: null,
        lastTypicalDigestAt: null,
        deletedAt: now,
      },
    });
    await tx.session.deleteMany({ where: { userId } });
    await tx.userToken.deleteMany({ where: { userId } });
    await tx.notification.deleteMany({ where: { userId } });
    await tx.subscription.deleteMany({ where: { userId } });
    await tx.bookmark.deleteMany({ where: { userId } });
    // Requests and their evidence (the decisions stay in the audit log).
    await tx.affiliationRequest.deleteMany({ where: { userId } });
    // Drafts nobody else ever saw go with the account.
    await tx.caseStudy.deleteMany({ where: { authorId: userId, revisionNumber: 0 } });
    await enqueueSearchDocs(tx, [...cases.map((c) => caseDocId(c.id)), ...comments.map((c) => commentDocId(c.id))]);
    await writeAudit(tx, { actorId: userId, action: "user.delete", targetType: "user", targetId: userId });
    return "deleted" as const;
  });
  // After the commit: the files of the requests just deleted.
  if (result === "deleted") await removeEvidenceFiles(evidence.map((e) => e.evidenceKey));
  return result;
}
