// Discussions on a case: the only writer of Comment and CommentRevision rows.
// A page of a discussion is a fixed number of indexed queries whatever the
// thread's size: one keyset page of top-level comments, then every reply of
// those threads by rootId, each row with its author and the reader's vote. Notifications,
// follows, counters and the audit row are written in the comment's transaction.
import type { JSONContent } from "@tiptap/core";
import type { Prisma } from "~/utils/db.server.ts";
import { lockingTransaction, oneWriterPer, prisma } from "~/utils/db.server.ts";
import { readDate, readStatement } from "~/utils/db-read.server.ts";
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { docFromPlainText, isEmptyDoc, validateDoc, EDITOR_ERRORS } from "~/editor/validate.server.ts";
import { docToPlainText, renderDocHtml } from "~/editor/render.server.ts";
import { consume, type LimitName } from "~/utils/rate-limit.server.ts";
import { writeAudit } from "./audit.server.ts";
import { notify, notifyEach } from "./notification.server.ts";
import { postNeedsApproval } from "./approval.server.ts";
import { enqueueSearchDocs } from "./search-outbox.server.ts";
import { follow } from "./subscription.server.ts";
import { enqueueJob } from "~/jobs/queue.server.ts";

type Tx = Prisma.TransactionClient;
export type Actor = Pick<SessionUser, "id" | "role" | "emailVerified" | "createdAt">;

/** Top-level comments per page (each with all of its replies). */
export const PAGE_SIZE = 50;
/** Replies nest visually down to this depth; deeper ones are listed under their depth-3 ancestor. */
export const NEST_DEPTH = 3;
/** The same author posting the same text on the same case within this window is refused. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
/** Accounts younger than this get the stricter posting limit. */
export const NEW_ACCOUNT_MS = 24 * 60 * 60 * 1000;
const MAX_MENTIONS = 20;

export type CommentSort = "oldest" | "helpful";
export const commentDocId = (id: string) => `comment-${id}`;

export class CommentError extends Error {
  constructor(
    public readonly code:
      | "not-found"
      | "forbidden"
      | "not-verified"
      | "invalid"
      | "empty"
      | "too-long"
      | "duplicate"
      | "rate-limited"
      | "closed"
      | "locked",
    public readonly details: { retryAfterMs?: number; errors?: string[] } = {},
  ) {
    super(code);
    this.name = "CommentError";
  }
}

const EMPTY_BODY = JSON.stringify({ type: "doc", content: [{ type: "paragraph" }] });

// ---------------------------------------------------------------- input

/**
 * The document a form posted: the editor's JSON (`body`) when JavaScript ran,
 * else the textarea's text turned into paragraphs. Either way it passes
 * validateDoc with the comment extension set and its limits.
 */
export function parseCommentInput(input: { body?: string | null; text?: string | null }): JSONContent {
  const raw = input.body && input.body.trim() ? input.body : JSON.stringify(docFromPlainText(input.text ?? ""));
  const r = validateDoc(raw, "comment");
  if (!r.ok) {
    const tooLong = r.errors.some(
      (e) => e === EDITOR_ERRORS.tooLong || e === EDITOR_ERRORS.tooLarge || e === EDITOR_ERRORS.tooManyNodes,
    );
    throw new CommentError(tooLong ? "too-long" : "invalid", { errors: r.errors });
  }
  if (isEmptyDoc(r.doc)) throw new CommentError("empty");
  return r.doc;
}

/** Usernames mentioned in a document (mention ids are usernames). */
export function mentionedUsernames(doc: JSONContent): string[] {
  const out = new Set<string>();
  const stack: JSONContent[] = [doc];
  while (stack.length && out.size < MAX_MENTIONS) {
    const n = stack.pop()!;
    if (n.type === "mention" && typeof n.attrs?.id === "string") out.add(n.attrs.id.toLowerCase());
    if (n.content) stack.push(...n.content);
  }
  return [...out];
}

/** Mentions become links to profiles; ids were checked against [A-Za-z0-9_-] when stored and are escaped. */
export function linkMentions(html: string): string {
  return html.replace(
    /<span class="mention" data-mention-id="([A-Za-z0-9_-]{1,64})">([^<]*)<\/span>/g,
    (_m, id: string, label: string) => `<a class="mention" href="/u/${id.toLowerCase()}">${label}</a>`,
  );
}

/** Comments' HTML with their mentions linked, by id and version: a 200-comment page asks for all of them on every render. */
const linkedHtml = new Map<string, string>();
const LINKED_HTML_MAX = 5000;

const htmlKey = (c: { id: string; editedAt: Date | string | null }) =>
  `${c.id}:${c.editedAt ? new Date(c.editedAt).getTime() : 0}`;

/** The cached HTML of this version of a comment, if any (then its body need not be read). */
export function cachedCommentHtml(c: { id: string; editedAt: Date | string | null }): string | undefined {
  return linkedHtml.get(htmlKey(c));
}

export function commentHtml(c: { id: string; body: string; editedAt: Date | string | null }): string {
  const key = htmlKey(c);
  let html = linkedHtml.get(key);
  if (html === undefined) {
    html = linkMentions(renderDocHtml(c.body, "comment", { cacheKey: key }));
    if (linkedHtml.size >= LINKED_HTML_MAX) linkedHtml.clear();
    linkedHtml.set(key, html);
  }
  return html;
}

/**
 * A young account spends the stricter new-member bucket too, unless the member
 * is verified (an approved base affiliation) or staff: their ordinary
 * conversation on day one must not be refused (issue 12.11).
 */
export function postingLimits(actor: Actor & { baseVerified?: boolean }, now: Date): Array<[LimitName, string]> {
  const young = now.getTime() - new Date(actor.createdAt).getTime() < NEW_ACCOUNT_MS;
  const trusted = Boolean(actor.baseVerified) || actor.role !== "member";
  return young && !trusted
    ? [
        ["commentNewMember", actor.id],
        ["commentMember", actor.id],
      ]
    : [["commentMember", actor.id]];
}

// ---------------------------------------------------------------- notifications

type Recipient = { type: string };
const PRIORITY = ["comment.reply", "comment.mention", "comment.onYourCase", "comment.followed"];

/** One notification per member per event: the most specific reason wins; never the actor. */
function addRecipient(map: Map<string, Recipient>, actorId: string, userId: string, type: string) {
  if (userId === actorId) return;
  const have = map.get(userId);
  if (!have || PRIORITY.indexOf(type) < PRIORITY.indexOf(have.type)) map.set(userId, { type });
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 119)}…` : oneLine;
}

export function commentHref(caseSlug: string, commentId: string): string {
  return `/cases/${caseSlug}/comments/${commentId}`;
}

/** The job that tells a case's followers about a new comment (app/jobs/comment-notify.server.ts). */
export const COMMENT_NOTIFY_JOB = "comment.notify";
export interface CommentNotifyPayload {
  commentId: string;
  actorId: string;
}

/** What a comment's notification is about: a member gets at most one per comment. */
/** Notifications about a comment group under its case in the list (people issue 12.11); the comment is in their data. */
export const commentNotificationTarget = (caseId: string) => `case:${caseId}`;

/** The data every notification of one new comment carries (rendered in the reader's language). */
export function commentNotificationData(
  actor: { displayName: string; username: string },
  c: { slug: string; title: string; titleEn: string | null },
  commentId: string,
  bodyText: string,
) {
  return {
    actor: actor.displayName,
    actorUsername: actor.username,
    title: c.title,
    titleEn: c.titleEn,
    caseSlug: c.slug,
    commentId,
    excerpt: excerpt(bodyText),
    href: commentHref(c.slug, commentId),
  };
}

async function mentionedUserIds(tx: Tx, doc: JSONContent): Promise<string[]> {
  const names = mentionedUsernames(doc);
  if (!names.length) return [];
  const rows = await tx.user.findMany({ where: { username: { in: names }, suspendedAt: null }, select: { id: true } });
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- writes

type NewComment = {
  caseId: string;
  actor: Actor & { displayName: string; username: string; baseVerified?: boolean };
  doc: JSONContent;
  parentId?: string | null;
  now?: Date;
};

export async function createComment(opts: NewComment) {
  const { actor, doc } = opts;
  if (!actor.emailVerified) throw new CommentError("not-verified");
  if (!can(actor, "create:comment:own")) throw new CommentError("forbidden");
  const now = opts.now ?? new Date();
  const bodyText = docToPlainText(doc);

  const dup = await prisma.comment.findFirst({
    where: {
      authorId: actor.id,
      caseId: opts.caseId,
      bodyText,
      deletedAt: null,
      createdAt: { gte: new Date(now.getTime() - DUPLICATE_WINDOW_MS) },
    },
    select: { id: true },
  });
  if (dup) throw new CommentError("duplicate");
  const limit = await consume(postingLimits(actor, now));
  if (!limit.ok) throw new CommentError("rate-limited", { retryAfterMs: limit.retryAfterMs });

  // Every comment updates its case row (postComment): one writer per case in this process.
  return oneWriterPer(`case:${opts.caseId}`, () => postComment(opts, bodyText, now));
}

/** Prisma's update of a row that is not there (P2025) as null, for the caller to answer not-found. */
export function missingAsNull(error: unknown): null {
  if ((error as { code?: string } | null)?.code === "P2025") return null;
  throw error;
}

/** createComment's transaction, once the checks outside it have passed. */
async function postComment({ caseId, actor, doc, parentId }: NewComment, bodyText: string, now: Date) {
  return lockingTransaction(async (tx) => {
    const pending = await postNeedsApproval(tx, actor);
    // The case row first, updated: its lock queues this post behind every other write
    // of the discussion (each updates the row) and the rest of the transaction sees
    // what those committed (lockingTransaction, ADR 071). The count goes up by one
    // here: with the writers queued it is exact, and the writes that hide a comment
    // (delete, hide, approve) recount. A refusal below rolls it back.
    const c = await tx.caseStudy
      .update({
        where: { id: caseId },
        data: { discussionVersion: { increment: 1 }, ...(pending ? {} : { commentCount: { increment: 1 } }) },
        select: {
          id: true,
          slug: true,
          title: true,
          titleEn: true,
          status: true,
          deletedAt: true,
          authorId: true,
          lockedAt: true,
        },
      })
      .catch(missingAsNull);
    if (!c || c.deletedAt) throw new CommentError("not-found");
    if (c.status !== "published") throw new CommentError("closed");
    // A locked thread takes no new comments, whoever posts (ADR 035).
    if (c.lockedAt) throw new CommentError("locked");
    let parent: {
      id: string;
      authorId: string;
      rootId: string | null;
      depth: number;
      deletedAt: Date | null;
      hiddenAt: Date | null;
      pendingAt: Date | null;
    } | null = null;
    if (parentId) {
      parent = await tx.comment.findFirst({
        where: { id: parentId, caseId: c.id },
        select: {
          id: true,
          authorId: true,
          rootId: true,
          depth: true,
          deletedAt: true,
          hiddenAt: true,
          pendingAt: true,
        },
      });
      // A deleted or hidden comment keeps its replies but takes no new ones; a pending one is not public yet.
      if (!parent || parent.deletedAt || parent.hiddenAt || parent.pendingAt) throw new CommentError("not-found");
    }
    // Its columns only: one INSERT … RETURNING (with the author, Prisma read the row back and then the member).
    const created = await tx.comment.create({
      data: {
        caseId: c.id,
        authorId: actor.id,
        parentId: parent?.id ?? null,
        rootId: parent ? (parent.rootId ?? parent.id) : null,
        depth: parent ? parent.depth + 1 : 0,
        body: JSON.stringify(doc),
        bodyText,
        createdAt: now,
        // A new member's first posts wait for a moderator: nobody else sees them,
        // nobody is notified, they are not counted or indexed until approved.
        pendingAt: pending ? now : null,
      },
      select: commentColumns,
    });
    await follow(tx, actor.id, "case", c.id);
    if (!pending) {
      // The earliest visible reply by someone else answers a question (refreshAnswered): this one, if none was earlier.
      if (created.rootId)
        await tx.comment.updateMany({
          where: {
            id: created.rootId,
            authorId: { not: actor.id },
            OR: [{ answeredAt: null }, { answeredAt: { gt: now } }],
          },
          data: { answeredAt: now },
        });
      await tellAddressees(tx, {
        id: created.id,
        caseId: c.id,
        doc,
        bodyText,
        actor,
        case: c,
        parentAuthorId: parent?.authorId ?? null,
      });
    }
    const author = { username: actor.username, displayName: actor.displayName };
    return { ...created, author, caseSlug: c.slug, pending };
  });
}

/**
 * Keeps Comment.answeredAt of a top-level comment (a question): when someone other
 * than its author first replied visibly (not deleted, hidden or awaiting
 * approval), or null. Called in the transaction of every write that adds a
 * reply or changes a reply's visibility (create, delete, hide/unhide; an approval
 * of a pending reply must call it too). /insights reads the column instead of
 * looking for replies (ADR 027).
 */
export async function refreshAnswered(tx: Tx, rootId: string): Promise<void> {
  const root = await tx.comment.findUnique({ where: { id: rootId }, select: { authorId: true, answeredAt: true } });
  if (!root) return;
  const first = await tx.comment.findFirst({
    where: { rootId, authorId: { not: root.authorId }, deletedAt: null, hiddenAt: null, pendingAt: null },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  const answeredAt = first?.createdAt ?? null;
  if ((answeredAt?.getTime() ?? null) !== (root.answeredAt?.getTime() ?? null))
    await tx.comment.update({ where: { id: rootId }, data: { answeredAt } });
}

/**
 * What makes a pending comment public when a moderator approves it: the count and
 * discussion version, whether it answers its question, the notifications and the
 * search document (a comment posted public does the same in postComment).
 */
export async function announceComment(tx: Tx, commentId: string) {
  const row = await tx.comment.findUniqueOrThrow({
    where: { id: commentId },
    select: {
      id: true,
      body: true,
      bodyText: true,
      caseId: true,
      author: { select: { id: true, displayName: true, username: true } },
      rootId: true,
      parent: { select: { authorId: true } },
      case: { select: { slug: true, title: true, titleEn: true, authorId: true } },
    },
  });
  await recountComments(tx, row.caseId);
  if (row.rootId) await refreshAnswered(tx, row.rootId);
  await tellAddressees(tx, {
    id: row.id,
    caseId: row.caseId,
    doc: JSON.parse(row.body) as JSONContent,
    bodyText: row.bodyText,
    actor: row.author,
    case: row.case,
    parentAuthorId: row.parent?.authorId ?? null,
  });
}

/**
 * A public comment's notifications and search document. The few members it is
 * addressed to (a reply's parent, mentions, the case's author: at most
 * MAX_MENTIONS + 2) are told in this transaction, in one read and one insert; the
 * case's followers — thousands on a popular case — by one job, fanned out in
 * batches by the worker (app/jobs/comment-notify.server.ts), so the transaction,
 * which other writes of the case wait for, stays short whatever the following
 * (issue 10.9).
 */
async function tellAddressees(
  tx: Tx,
  a: {
    id: string;
    caseId: string;
    doc: JSONContent;
    bodyText: string;
    actor: { id: string; displayName: string; username: string };
    case: { slug: string; title: string; titleEn: string | null; authorId: string };
    parentAuthorId: string | null;
  },
) {
  const recipients = new Map<string, Recipient>();
  if (a.parentAuthorId) addRecipient(recipients, a.actor.id, a.parentAuthorId, "comment.reply");
  for (const id of await mentionedUserIds(tx, a.doc)) addRecipient(recipients, a.actor.id, id, "comment.mention");
  addRecipient(recipients, a.actor.id, a.case.authorId, "comment.onYourCase");
  const data = commentNotificationData(a.actor, a.case, a.id, a.bodyText);
  await notifyEach(tx, recipients, data, commentNotificationTarget(a.caseId));
  await enqueueJob(tx, COMMENT_NOTIFY_JOB, { commentId: a.id, actorId: a.actor.id } satisfies CommentNotifyPayload);
  await enqueueSearchDocs(tx, [commentDocId(a.id)]);
}

/** After a comment appears, goes or comes back: the count, and a new discussion version (cached pages are now stale). */
async function recountComments(tx: Tx, caseId: string) {
  const commentCount = await tx.comment.count({ where: { caseId, deletedAt: null, hiddenAt: null, pendingAt: null } });
  await tx.caseStudy.update({ where: { id: caseId }, data: { commentCount, discussionVersion: { increment: 1 } } });
}

/**
 * Every write that changes what the case page shows under the case calls this
 * (or recountComments) in its transaction: cached renders of the page compare
 * the version (server/page-cache.ts, ADR 015).
 */
export async function discussionChanged(tx: Tx, caseId: string) {
  await tx.caseStudy.update({ where: { id: caseId }, data: { discussionVersion: { increment: 1 } } });
}

async function loadForWrite(tx: Tx, commentId: string) {
  const c = await tx.comment.findUnique({
    where: { id: commentId },
    select: {
      id: true,
      caseId: true,
      rootId: true,
      authorId: true,
      body: true,
      deletedAt: true,
      hiddenAt: true,
      case: { select: { slug: true, title: true, titleEn: true, mostUsefulCommentId: true } },
    },
  });
  if (!c || c.deletedAt) throw new CommentError("not-found");
  return c;
}

/** The author edits: the previous body becomes a CommentRevision; newly mentioned members are told. */
export async function editComment(
  commentId: string,
  actor: Actor & { displayName: string; username: string },
  doc: JSONContent,
  now = new Date(),
) {
  if (!actor.emailVerified) throw new CommentError("not-verified");
  return prisma.$transaction(async (tx) => {
    const c = await loadForWrite(tx, commentId);
    if (c.authorId !== actor.id || !can(actor, "update:comment:own") || c.hiddenAt) throw new CommentError("forbidden");
    const before = new Set(await mentionedUserIds(tx, JSON.parse(c.body) as JSONContent));
    await tx.commentRevision.create({ data: { commentId, editorId: actor.id, body: c.body, createdAt: now } });
    const bodyText = docToPlainText(doc);
    const updated = await tx.comment.update({
      where: { id: commentId },
      data: { body: JSON.stringify(doc), bodyText, editedAt: now },
      select: commentSelect,
    });
    for (const id of await mentionedUserIds(tx, doc)) {
      if (before.has(id) || id === actor.id) continue;
      await notify(tx, id, "comment.mention", {
        actor: actor.displayName,
        actorUsername: actor.username,
        title: c.case.title,
        titleEn: c.case.titleEn,
        caseSlug: c.case.slug,
        commentId,
        excerpt: excerpt(bodyText),
        href: commentHref(c.case.slug, commentId),
      });
    }
    await discussionChanged(tx, c.caseId);
    await enqueueSearchDocs(tx, [commentDocId(commentId)]);
    return updated;
  });
}

/** Author or moderator. The row stays (body emptied, kept as a revision) so replies keep their context. */
export async function deleteComment(commentId: string, actor: Actor, reason?: string | null) {
  return prisma.$transaction((tx) => deleteCommentIn(tx, commentId, actor, reason));
}

/** deleteComment inside the caller's transaction (the moderation queue acts on several items). */
export async function deleteCommentIn(tx: Tx, commentId: string, actor: Actor, reason?: string | null) {
  const c = await loadForWrite(tx, commentId);
  const own = c.authorId === actor.id && can(actor, "delete:comment:own");
  if (!own && !can(actor, "delete:comment:any")) throw new CommentError("forbidden");
  await tx.commentRevision.create({ data: { commentId, editorId: actor.id, body: c.body } });
  await tx.comment.update({
    where: { id: commentId },
    data: { deletedAt: new Date(), body: EMPTY_BODY, bodyText: "" },
  });
  if (c.rootId) await refreshAnswered(tx, c.rootId);
  if (c.case.mostUsefulCommentId === commentId)
    await tx.caseStudy.update({ where: { id: c.caseId }, data: { mostUsefulCommentId: null } });
  await recountComments(tx, c.caseId);
  await enqueueSearchDocs(tx, [commentDocId(commentId)]);
  if (!own)
    await writeAudit(tx, {
      actorId: actor.id,
      action: "comment.delete",
      targetType: "comment",
      targetId: commentId,
      reason,
    });
}

/** Moderators hide (with a reason, audited) or show again. A hidden comment loses "most useful". */
export async function setCommentHidden(commentId: string, actor: Actor, hidden: boolean, reason: string) {
  return prisma.$transaction((tx) => setCommentHiddenIn(tx, commentId, actor, hidden, reason));
}

/** setCommentHidden inside the caller's transaction. */
export async function setCommentHiddenIn(tx: Tx, commentId: string, actor: Actor, hidden: boolean, reason: string) {
  if (!can(actor, "hide:comment:any")) throw new CommentError("forbidden");
  const c = await loadForWrite(tx, commentId);
  await tx.comment.update({
    where: { id: commentId },
    data: hidden ? { hiddenAt: new Date(), hiddenReason: reason } : { hiddenAt: null, hiddenReason: null },
  });
  if (c.rootId) await refreshAnswered(tx, c.rootId);
  if (hidden && c.case.mostUsefulCommentId === commentId) {
    await tx.caseStudy.update({ where: { id: c.caseId }, data: { mostUsefulCommentId: null } });
  }
  await recountComments(tx, c.caseId);
  await enqueueSearchDocs(tx, [commentDocId(commentId)]);
  await writeAudit(tx, {
    actorId: actor.id,
    action: hidden ? "comment.hide" : "comment.unhide",
    targetType: "comment",
    targetId: commentId,
    reason,
  });
}

/** Only the case's author marks (or clears, with null) the most useful comment. */
export async function setMostUseful(caseId: string, actor: Actor & { displayName: string }, commentId: string | null) {
  return prisma.$transaction(async (tx) => {
    const c = await tx.caseStudy.findUnique({
      where: { id: caseId },
      select: {
        id: true,
        slug: true,
        title: true,
        titleEn: true,
        authorId: true,
        deletedAt: true,
        mostUsefulCommentId: true,
      },
    });
    if (!c || c.deletedAt) throw new CommentError("not-found");
    if (c.authorId !== actor.id) throw new CommentError("forbidden");
    if (commentId) {
      const comment = await tx.comment.findFirst({
        where: { id: commentId, caseId, deletedAt: null, hiddenAt: null },
        select: { id: true, authorId: true },
      });
      if (!comment) throw new CommentError("not-found");
      await tx.caseStudy.update({
        where: { id: caseId },
        data: { mostUsefulCommentId: commentId, discussionVersion: { increment: 1 } },
      });
      if (comment.authorId !== actor.id && c.mostUsefulCommentId !== commentId) {
        await notify(tx, comment.authorId, "comment.mostUseful", {
          actor: actor.displayName,
          title: c.title,
          titleEn: c.titleEn,
          caseSlug: c.slug,
          commentId,
          href: commentHref(c.slug, commentId),
        });
      }
    } else {
      await tx.caseStudy.update({
        where: { id: caseId },
        data: { mostUsefulCommentId: null, discussionVersion: { increment: 1 } },
      });
    }
  });
}

// ---------------------------------------------------------------- reads

/** A comment's own columns as the thread shows them (commentSelect without the author). */
const commentColumns = {
  id: true,
  caseId: true,
  parentId: true,
  rootId: true,
  depth: true,
  body: true,
  helpfulCount: true,
  editedAt: true,
  deletedAt: true,
  hiddenAt: true,
  hiddenReason: true,
  createdAt: true,
  authorId: true,
} as const satisfies Prisma.CommentSelect;

const commentSelect = {
  ...commentColumns,
  author: { select: { username: true, displayName: true } },
} as const satisfies Prisma.CommentSelect;

type Row = Prisma.CommentGetPayload<{ select: typeof commentSelect }>;

export interface Viewer {
  id: string;
  role: string;
  emailVerified: boolean;
}

export interface CommentView {
  id: string;
  parentId: string | null;
  rootId: string | null;
  depth: number;
  author: { username: string; displayName: string };
  /** The body as HTML. In a document's serialized loader data it is absent (loadDiscussion's `document`). */
  html?: string;
  state: "ok" | "deleted" | "hidden";
  hiddenReason: string | null;
  createdAt: string;
  editedAt: string | null;
  helpfulCount: number;
  voted: boolean;
  /** Set on replies deeper than NEST_DEPTH, shown flat under their depth-3 ancestor. */
  replyingTo: { username: string; displayName: string } | null;
  /** The document, only for the author (their edit form starts from it). */
  editDoc: string | null;
  can: { edit: boolean; delete: boolean; hide: boolean; history: boolean };
  children: CommentView[];
}

/** What a comment shows its author, moderators or anyone else: the part of a CommentView that depends on the viewer. */
export type PersonalCommentFields = Pick<CommentView, "hiddenReason" | "editDoc" | "can">;

type PersonalInput = Pick<Row, "authorId" | "body" | "editedAt" | "deletedAt" | "hiddenAt" | "hiddenReason">;

function commentState(r: Pick<Row, "deletedAt" | "hiddenAt">): CommentView["state"] {
  return r.deletedAt ? "deleted" : r.hiddenAt ? "hidden" : "ok";
}

/**
 * The 16 possible `can` objects, shared by every comment: the page's serialized
 * loader data (turbo-stream) writes an object it has seen as a reference, so
 * 200 comments cost one copy of each combination instead of 200 (ADR 054).
 */
const PERMISSIONS: ReadonlyArray<CommentView["can"]> = Array.from({ length: 16 }, (_, m) =>
  Object.freeze({ edit: (m & 1) > 0, delete: (m & 2) > 0, hide: (m & 4) > 0, history: (m & 8) > 0 }),
);

export function personalFields(r: PersonalInput, viewer: Viewer | null): PersonalCommentFields {
  const moderator = can(viewer, "hide:comment:any");
  const state = commentState(r);
  const own = viewer?.id === r.authorId;
  const edit = own && state === "ok" && Boolean(viewer?.emailVerified);
  const del = state !== "deleted" && ((own && can(viewer, "delete:comment:own")) || can(viewer, "delete:comment:any"));
  const hide = state !== "deleted" && moderator;
  const history = can(viewer, "read:comment-history:any") && (r.editedAt != null || state === "deleted");
  return {
    hiddenReason: state === "hidden" && (moderator || own) ? r.hiddenReason : null,
    editDoc: own && state === "ok" ? r.body : null,
    can: PERMISSIONS[(edit ? 1 : 0) | (del ? 2 : 0) | (hide ? 4 : 0) | (history ? 8 : 0)]!,
  };
}

/** True when comments look different to this viewer beyond their own ones (hidden bodies, moderation controls). */
export function seesAllComments(viewer: Viewer | null): boolean {
  return (
    can(viewer, "hide:comment:any") || can(viewer, "delete:comment:any") || can(viewer, "read:comment-history:any")
  );
}

/** The author shown for a deleted comment (one object for all of them, as PERMISSIONS). */
const NO_AUTHOR: CommentView["author"] = Object.freeze({ username: "", displayName: "" });

export function toView(
  r: Row,
  viewer: Viewer | null,
  voted: boolean,
  replyingTo: CommentView["replyingTo"] = null,
  /** The comment's HTML when the caller already has it (a page read without bodies). */
  knownHtml?: string,
): CommentView {
  const state = commentState(r);
  const showBody = state === "ok" || (state === "hidden" && can(viewer, "hide:comment:any"));
  return {
    id: r.id,
    parentId: r.parentId,
    rootId: r.rootId,
    depth: r.depth,
    author: state === "deleted" ? NO_AUTHOR : r.author,
    html: showBody ? (knownHtml ?? commentHtml(r)) : "",
    state,
    createdAt: new Date(r.createdAt).toISOString(),
    editedAt: r.editedAt ? new Date(r.editedAt).toISOString() : null,
    helpfulCount: r.helpfulCount,
    voted,
    replyingTo,
    ...personalFields(r, viewer),
    children: [],
  };
}

/** A change to one comment of a shared page for one member: their vote, and what they may do with their own comments. */
export type CommentPatch = Partial<PersonalCommentFields> & { voted?: true };

/**
 * For a member who is not a moderator (seesAllComments false), how the case's
 * comments differ for them from the page rendered for no one: the comments they
 * voted for and their own comments. Two indexed statements, whatever the size of
 * the thread.
 */
export async function commentPatchesFor(caseId: string, viewer: Viewer): Promise<Record<string, CommentPatch>> {
  const patches: Record<string, CommentPatch> = {};
  const voted = (await readStatement(
    "SELECT r.targetId AS id FROM Reaction r JOIN Comment c ON c.id = r.targetId WHERE r.userId = ? AND r.targetType = 'comment' AND c.caseId = ?",
  ).all(viewer.id, caseId)) as { id: string }[];
  for (const { id } of voted) patches[id] = { voted: true };
  const own = (await readStatement(
    "SELECT id, authorId, body, editedAt, deletedAt, hiddenAt, hiddenReason FROM Comment WHERE caseId = ? AND authorId = ?",
  ).all(caseId, viewer.id)) as (PersonalInput & { id: string })[];
  for (const r of own) patches[r.id] = { ...patches[r.id], ...personalFields(r, viewer) };
  return patches;
}

/**
 * Nests replies under their parents down to NEST_DEPTH; a deeper reply goes
 * under its depth-NEST_DEPTH ancestor, marked with whom it answers.
 */
export function buildThreads(
  tops: Row[],
  replies: Row[],
  viewer: Viewer | null,
  voted: Set<string>,
  htmlById?: Map<string, string>,
): CommentView[] {
  const rows = new Map<string, Row>();
  for (const r of [...tops, ...replies]) rows.set(r.id, r);
  const views = new Map<string, CommentView>();
  const threads = tops.map((t) => {
    const v = toView(t, viewer, voted.has(t.id), null, htmlById?.get(t.id));
    views.set(t.id, v);
    return v;
  });
  for (const r of replies) {
    let anchor = r.parentId ? rows.get(r.parentId) : undefined;
    let replyingTo: CommentView["replyingTo"] = null;
    if (r.depth > NEST_DEPTH && anchor) {
      replyingTo = anchor.deletedAt ? { username: "", displayName: "" } : anchor.author;
      while (anchor && anchor.depth > NEST_DEPTH) anchor = anchor.parentId ? rows.get(anchor.parentId) : undefined;
    }
    const parentView = (anchor && views.get(anchor.id)) ?? (r.rootId ? views.get(r.rootId) : undefined);
    if (!parentView) continue;
    const v = toView(r, viewer, voted.has(r.id), replyingTo, htmlById?.get(r.id));
    views.set(r.id, v);
    parentView.children.push(v);
  }
  return threads;
}

interface Cursor {
  at: string;
  id: string;
  helpful?: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(s: string | null | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString()) as Cursor;
    if (typeof c.at !== "string" || Number.isNaN(Date.parse(c.at)) || typeof c.id !== "string") return null;
    if (c.helpful !== undefined && !Number.isInteger(c.helpful)) return null;
    return c;
  } catch {
    return null;
  }
}

function orderFor(sort: CommentSort): Prisma.CommentOrderByWithRelationInput[] {
  return sort === "helpful"
    ? [{ helpfulCount: "desc" }, { createdAt: "asc" }, { id: "asc" }]
    : [{ createdAt: "asc" }, { id: "asc" }];
}

function cursorOf(r: { createdAt: Date | string; id: string; helpfulCount: number }, sort: CommentSort): string {
  return encodeCursor({
    at: new Date(r.createdAt).toISOString(),
    id: r.id,
    ...(sort === "helpful" ? { helpful: r.helpfulCount } : {}),
  });
}

// The page read runs as SQL of its own on the read connection: Prisma's query
// engine spent ~25 ms turning 200 rows with their authors into objects (ADR 012).
// Dates are compared through julianday() so the cursor's ISO text need not match
// the stored format. Bodies are not in it: a comment's HTML is cached by version
// (commentHtml), so only bodies the cache lacks, and the viewer's own (their edit
// form starts from it), are read afterwards (ADR 057: the bodies were a fifth of
// the read's time and strings to collect on every render).
const PAGE_COLUMNS = `c.id, c.caseId, c.parentId, c.rootId, c.depth, c.helpfulCount, c.editedAt, c.deletedAt,
  c.hiddenAt, c.hiddenReason, c.createdAt, c.authorId, u.username AS authorUsername, u.displayName AS authorDisplayName,
  EXISTS (SELECT 1 FROM Reaction r WHERE r.userId = ? AND r.targetType = 'comment' AND r.targetId = c.id) AS voted`;
const AFTER_TIME = `(julianday(c.createdAt) > julianday(?) OR (julianday(c.createdAt) = julianday(?) AND c.id > ?))`;

type DateKey = "editedAt" | "deletedAt" | "hiddenAt" | "createdAt";
interface PageRow extends Omit<Row, "author" | "body" | DateKey> {
  authorUsername: string;
  authorDisplayName: string;
  voted: number;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
  createdAt: string;
}

/**
 * A page row as a Row, its body still empty (readBodies); `authors` gives each
 * member one author object per page (written once in the loader data).
 */
function fromPageRow(r: PageRow, authors: Map<string, Row["author"]>): Row & { voted: boolean } {
  let author = authors.get(r.authorId);
  if (!author) {
    author = { username: r.authorUsername, displayName: r.authorDisplayName };
    authors.set(r.authorId, author);
  }
  return {
    id: r.id,
    caseId: r.caseId,
    parentId: r.parentId,
    rootId: r.rootId,
    depth: r.depth,
    body: "",
    helpfulCount: r.helpfulCount,
    editedAt: readDate(r.editedAt),
    deletedAt: readDate(r.deletedAt),
    hiddenAt: readDate(r.hiddenAt),
    hiddenReason: r.hiddenReason,
    createdAt: readDate(r.createdAt)!,
    authorId: r.authorId,
    author,
    voted: r.voted === 1,
  };
}

/**
 * The HTML of a page's comments: from the cache, else rendered from bodies read
 * now (one statement for all the misses). The viewer's own comments get their
 * body too (CommentView.editDoc). Returns the HTML by id.
 */
async function readBodies(rows: Row[], viewerId: string): Promise<Map<string, string>> {
  const html = new Map<string, string>();
  const missing = new Map<string, Row>();
  for (const r of rows) {
    const cached = r.deletedAt ? "" : cachedCommentHtml(r);
    if (cached !== undefined) html.set(r.id, cached);
    if (cached === undefined || r.authorId === viewerId) missing.set(r.id, r);
  }
  if (missing.size === 0) return html;
  const bodies = (await readStatement("SELECT id, body FROM Comment WHERE id IN (SELECT value FROM json_each(?))").all(
    JSON.stringify([...missing.keys()]),
  )) as { id: string; body: string }[];
  for (const { id, body } of bodies) {
    const r = missing.get(id)!;
    r.body = body;
    if (!html.has(id)) html.set(id, commentHtml(r));
  }
  // Gone since the page was read (its case deleted meanwhile): nothing to show.
  for (const id of missing.keys()) if (!html.has(id)) html.set(id, "");
  return html;
}

/**
 * One page: PAGE_SIZE top-level comments after `cursor` with all their replies,
 * and which of them the viewer found helpful. Two queries, whatever the size:
 * the keyset page of top-level comments, then every reply of those threads by
 * rootId (both with their authors and the viewer's votes).
 */
export async function listCommentPage(
  caseId: string,
  opts: { cursor?: string | null; sort?: CommentSort; viewer?: Viewer | null } = {},
) {
  const sort = opts.sort ?? "oldest";
  const viewer = opts.viewer ?? null;
  const viewerId = viewer?.id ?? "";
  const c = decodeCursor(opts.cursor);
  let after = "";
  const afterParams: unknown[] = [];
  if (c) {
    const time = [c.at, c.at, c.id];
    if (sort === "helpful" && c.helpful !== undefined) {
      after = `AND (c.helpfulCount < ? OR (c.helpfulCount = ? AND ${AFTER_TIME}))`;
      afterParams.push(c.helpful, c.helpful, ...time);
    } else {
      after = `AND ${AFTER_TIME}`;
      afterParams.push(...time);
    }
  }
  const order = sort === "helpful" ? "c.helpfulCount DESC, c.createdAt ASC, c.id ASC" : "c.createdAt ASC, c.id ASC";
  const authors = new Map<string, Row["author"]>();
  const toRow = (r: PageRow) => fromPageRow(r, authors);
  const tops = (
    (await readStatement(
      `SELECT ${PAGE_COLUMNS} FROM Comment c JOIN User u ON u.id = c.authorId
       WHERE c.caseId = ? AND c.parentId IS NULL AND c.pendingAt IS NULL ${after} ORDER BY ${order} LIMIT ?`,
    ).all(viewerId, caseId, ...afterParams, PAGE_SIZE + 1)) as PageRow[]
  ).map(toRow);
  const page = tops.slice(0, PAGE_SIZE);
  const replies = page.length
    ? (
        (await readStatement(
          `SELECT ${PAGE_COLUMNS} FROM Comment c JOIN User u ON u.id = c.authorId
           WHERE c.rootId IN (SELECT value FROM json_each(?)) AND c.pendingAt IS NULL ORDER BY c.createdAt ASC, c.id ASC`,
        ).all(viewerId, JSON.stringify(page.map((t) => t.id)))) as PageRow[]
      ).map(toRow)
    : [];
  const voted = new Set([...page, ...replies].filter((r) => r.voted).map((r) => r.id));
  const html = await readBodies([...page, ...replies], viewerId);
  const last = page[page.length - 1];
  return {
    threads: buildThreads(page, replies, viewer, voted, html),
    nextCursor: tops.length > PAGE_SIZE && last ? cursorOf(last, sort) : null,
    sort,
  };
}

/**
 * The cursor of the page (oldest first) holding a comment's thread, so a
 * permalink opens the right page. null = the first page; undefined = no such comment.
 */
export async function cursorForComment(caseId: string, commentId: string): Promise<string | null | undefined> {
  const c = await prisma.comment.findFirst({ where: { id: commentId, caseId }, select: { id: true, rootId: true } });
  if (!c) return undefined;
  const root = await prisma.comment.findUnique({
    where: { id: c.rootId ?? c.id },
    select: { id: true, createdAt: true },
  });
  if (!root) return undefined;
  const before = await prisma.comment.count({
    where: {
      caseId,
      parentId: null,
      OR: [{ createdAt: { lt: root.createdAt } }, { createdAt: root.createdAt, id: { lt: root.id } }],
    },
  });
  const pageIndex = Math.floor(before / PAGE_SIZE);
  if (pageIndex === 0) return null;
  const prev = await prisma.comment.findFirst({
    where: { caseId, parentId: null },
    orderBy: orderFor("oldest"),
    skip: pageIndex * PAGE_SIZE - 1,
    select: { id: true, createdAt: true, helpfulCount: true },
  });
  return prev ? cursorOf(prev, "oldest") : null;
}

/** The comment marked most useful, shown above the discussion (null when none or no longer visible). */
export async function getMostUseful(commentId: string | null, viewer: Viewer | null): Promise<CommentView | null> {
  if (!commentId) return null;
  const r = await prisma.comment.findUnique({ where: { id: commentId }, select: commentSelect });
  if (!r || r.deletedAt || r.hiddenAt) return null;
  return toView(r, viewer, false);
}

/**
 * Where a comment's permalink leads, or null — also when its case is one the
 * viewer could not open (deleted, or hidden from them): the link must not
 * reveal that case's slug (issue 10.5). The same rules as the case page.
 */
export async function getCommentForLink(commentId: string, viewer: Pick<SessionUser, "id" | "role"> | null) {
  const c = await prisma.comment.findUnique({
    where: { id: commentId },
    select: {
      id: true,
      case: { select: { id: true, slug: true, status: true, deletedAt: true, authorId: true, revisionNumber: true } },
    },
  });
  if (!c || c.case.revisionNumber === 0) return null;
  const moderator = can(viewer, "hide:case:any");
  if (c.case.deletedAt && !moderator) return null;
  if (c.case.status === "hidden" && !moderator && c.case.authorId !== viewer?.id) return null;
  return { id: c.id, case: { id: c.case.id, slug: c.case.slug } };
}

/** A comment's earlier versions, newest first (moderators). */
export async function getCommentHistory(commentId: string) {
  const c = await prisma.comment.findUnique({
    where: { id: commentId },
    select: {
      id: true,
      body: true,
      editedAt: true,
      deletedAt: true,
      hiddenAt: true,
      hiddenReason: true,
      createdAt: true,
      author: { select: { username: true, displayName: true } },
      case: { select: { slug: true, title: true } },
      revisions: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true, body: true, createdAt: true, editor: { select: { username: true, displayName: true } } },
      },
    },
  });
  if (!c) return null;
  return {
    ...c,
    html: c.deletedAt ? "" : commentHtml(c),
    revisions: c.revisions.map((r) => ({
      ...r,
      html: linkMentions(renderDocHtml(r.body, "comment", { cacheKey: `rev:${r.id}` })),
    })),
  };
}

/** Members for the @mention menu: by username or display name prefix/substring, at most 8. */
export async function searchMembers(q: string, take = 8) {
  const term = q.trim().replace(/^@/, "").slice(0, 40);
  if (!term) return [];
  return prisma.user.findMany({
    where: {
      suspendedAt: null,
      emailVerifiedAt: { not: null },
      OR: [{ username: { startsWith: term.toLowerCase() } }, { displayName: { contains: term } }],
    },
    orderBy: { username: "asc" },
    take: Math.min(take, 8),
    select: { username: true, displayName: true },
  });
}
