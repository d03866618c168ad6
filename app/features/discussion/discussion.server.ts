// The discussion part of the case page: what its loader adds, and the action's
// intents (comment, edit, delete, hide, vote, most useful), each parsed with its
// form's schema (discussion-schemas.ts). Without JavaScript a successful post
// redirects back to the comment (post/redirect/get); with it (the form carries
// js=1) the action answers with data for the fetcher. Failures answer 4xx with
// Conform's reply: field errors as i18n keys, the model's refusals as a
// form-level message, and what was typed, so the form comes back filled in.
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect } from "@remix-run/node";
import type { JSONContent } from "@tiptap/core";
import { z } from "zod";
import type { AppLoadContext } from "@remix-run/node";
import { requireVerifiedUser } from "~/auth/guards.server.ts";
import { DOC_LIMITS } from "~/editor/limits.ts"; // not extensions.ts: that loads Tiptap
import { tFor } from "~/i18n/i18n.server.ts";
import {
  CommentError,
  createComment,
  cursorForComment,
  deleteComment,
  editComment,
  getMostUseful,
  listCommentPage,
  commentPatchesFor,
  seesAllComments,
  parseCommentInput,
  setMostUseful,
  toView,
  type CommentSort,
  type CommentView,
  type Viewer,
} from "~/models/comment.server.ts";
import { hasVoted, toggleHelpful, VoteError } from "~/models/reaction.server.ts";
import { moderateComment } from "~/models/moderation.server.ts";
import { caseAccess, canDeleteCase, canEditCase, findCaseBySlug } from "~/models/case.server.ts";
import { isBookmarked } from "~/models/bookmark.server.ts";
import { canTranslateCase } from "~/models/case-translation.server.ts";
import { isFollowing } from "~/models/subscription.server.ts";
import { adoptionViewerState } from "~/models/adoption.server.ts";
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import type { CaseViewerState } from "~/features/viewer-state.ts";
import { consume, retryAfterHeader, retryMinutes } from "~/utils/rate-limit.server.ts";
import { formatNumber } from "~/utils/format.ts";
import { readForm } from "~/utils/form-body.server.ts";
import {
  commentSchema,
  deleteSchema,
  DISCUSSION_ERRORS,
  editSchema,
  hideSchema,
  mostUsefulSchema,
  unhideSchema,
  voteSchema,
  type ContentCheck,
} from "./discussion-schemas.ts";
import { postedCommentFormId, voteFormId } from "./discussion-limits.ts";

export function sortParam(v: string | null): CommentSort {
  return v === "helpful" ? "helpful" : "oldest";
}

/**
 * Makes each comment's `html` a non-enumerable property: the server's render
 * reads it, the page's serialized loader data (turbo-stream writes enumerable
 * keys only) leaves it out, and the browser reads each body back from the
 * markup on hydration (discussion.tsx, bodyHtml). On the 200-comment page the
 * bodies were ~40 % of the serialized data.
 */
function bodiesInMarkupOnly(views: CommentView[]): void {
  for (const v of views) {
    Object.defineProperty(v, "html", { value: v.html, enumerable: false, writable: true, configurable: true });
    if (v.children.length) bodiesInMarkupOnly(v.children);
  }
}

/**
 * The discussion part of the case page's data. `document`: the request renders
 * an HTML document (context.document), so comment bodies go into the markup only.
 */
export async function loadDiscussion(
  /**
   * hasComments: false when the case's read found no comment to list, viewerState: the
   * viewer's vote as the case's read found it (ADR 079) — no statement for either then.
   */
  c: {
    id: string;
    mostUsefulCommentId: string | null;
    hasComments?: boolean;
    viewerState?: { voted: boolean } | null;
  },
  url: URL,
  viewer: Viewer | null,
  { document = false }: { document?: boolean } = {},
) {
  const sort = sortParam(url.searchParams.get("sort"));
  let cursor = url.searchParams.get("cursor");
  const focus = url.searchParams.get("comment");
  // A permalink (?comment=id) opens the page that holds the comment's thread.
  if (focus && !cursor) cursor = (await cursorForComment(c.id, focus)) ?? null;
  const pageSort = focus ? "oldest" : sort;
  const [page, mostUseful, caseVoted] = await Promise.all([
    c.hasComments === false
      ? { threads: [] as CommentView[], nextCursor: null, sort: pageSort }
      : listCommentPage(c.id, { cursor, sort: pageSort, viewer }),
    getMostUseful(c.mostUsefulCommentId, viewer),
    viewer ? (c.viewerState?.voted ?? hasVoted(viewer.id, "case", c.id)) : false,
  ]);
  if (document) bodiesInMarkupOnly(mostUseful ? [...page.threads, mostUseful] : page.threads);
  return { ...page, cursor, focus, mostUseful, caseVoted };
}

/**
 * One member's own state on a case page served from the members' shared render
 * (ADR 015): what the page's loader would have shown them differently. Members
 * get their votes and own comments as patches (a few indexed statements);
 * moderators, who see hidden bodies and controls on every comment, get the
 * comment page as the loader builds it for them.
 */
export async function caseViewerState(
  slug: string,
  page: URL,
  user: SessionUser | null,
): Promise<CaseViewerState | null> {
  const found = await findCaseBySlug(slug);
  const c = found && !found.redirectTo ? await caseAccess(found.id) : null;
  if (!c) return null;
  const base = {
    viewer: { signedIn: Boolean(user), verified: Boolean(user?.emailVerified), isCaseAuthor: user?.id === c.authorId },
    can: {
      edit: canEditCase(user, c),
      delete: canDeleteCase(user, c),
      moderate: can(user, "hide:case:any"),
      translate: !c.deletedAt && canTranslateCase(user, c),
    },
    adoption: await adoptionViewerState(user, c.id),
  };
  if (!user) return { ...base, following: false, bookmarked: false, caseVoted: false, comments: {}, discussion: null };
  const following = await isFollowing(user.id, "case", c.id);
  const bookmarked = await isBookmarked(user.id, c.id);
  if (seesAllComments(user)) {
    const discussion = await loadDiscussion(c, page, user);
    return { ...base, following, bookmarked, caseVoted: discussion.caseVoted, comments: null, discussion };
  }
  const caseVoted = await hasVoted(user.id, "case", c.id);
  return { ...base, following, bookmarked, caseVoted, comments: await commentPatchesFor(c.id, user), discussion: null };
}

type FailStatus = 400 | 403 | 404 | 429;

/** What the action answers to a discussion form; FormResult (comment-form.tsx) is its browser-side type. */
type Meta = { intent: string; formId: string };

/** A submission that failed its schema: the field errors (i18n keys) and what was typed go back. */
function invalid(meta: Meta, submission: { reply: () => SubmissionResult<string[]> }) {
  return data({ ok: false as const, ...meta, result: submission.reply() }, { status: 400 });
}

/** Status and message of each refusal of the comment model (rate limits carry a wait, handled apart). */
const COMMENT_REFUSALS: Partial<Record<CommentError["code"], [FailStatus, string]>> = {
  "too-long": [400, "discussion:errors.tooLong"],
  duplicate: [400, "discussion:errors.duplicate"],
  empty: [400, "discussion:errors.empty"],
  "not-found": [404, "discussion:errors.notFound"],
  forbidden: [403, "discussion:errors.forbidden"],
  "not-verified": [403, "discussion:errors.notVerified"],
  closed: [403, "discussion:errors.closed"],
  locked: [403, "moderation:errors.locked"],
};

/** A refusal by the model (duplicate, rate limit, permissions…): a form-level message in the reader's language. */
function failure(
  locale: AppLoadContext["locale"],
  e: unknown,
  meta: Meta,
  submission: { reply: (o: { formErrors: string[] }) => SubmissionResult<string[]> },
) {
  const t = tFor(locale);
  let status: FailStatus = 400;
  let message: string;
  const headers: Record<string, string> = {};
  if (e instanceof CommentError) {
    if (e.code === "rate-limited") {
      const retryAfterMs = e.details.retryAfterMs ?? 60_000;
      status = 429;
      message = t("discussion:errors.rateLimited", { count: retryMinutes(retryAfterMs) });
      Object.assign(headers, retryAfterHeader(retryAfterMs));
    } else {
      const [code, key] = COMMENT_REFUSALS[e.code] ?? [400, "discussion:errors.invalid"];
      status = code;
      message = t(key, { max: formatNumber(DOC_LIMITS.comment.maxChars, locale) });
    }
  } else if (e instanceof VoteError) {
    status = e.code === "not-found" ? 404 : 403;
    message = t(
      e.code === "forbidden"
        ? "discussion:errors.ownVote"
        : e.code === "not-found"
          ? "discussion:errors.notFound"
          : "discussion:errors.notVerified",
    );
  } else throw e;
  return data(
    { ok: false as const, ...meta, result: submission.reply({ formErrors: [message] }) },
    { status, headers },
  );
}

/** The server's content check: the posted text or JSON becomes a validated comment document. */
const serverContentCheck: ContentCheck<JSONContent> = (input) => {
  try {
    return { ok: true, doc: parseCommentInput(input) };
  } catch (e) {
    if (!(e instanceof CommentError)) throw e;
    const error =
      e.code === "too-long"
        ? DISCUSSION_ERRORS.tooLong
        : e.code === "empty"
          ? DISCUSSION_ERRORS.empty
          : DISCUSSION_ERRORS.invalid;
    return { ok: false, error };
  }
};
const newCommentServerSchema = commentSchema(serverContentCheck);
const editServerSchema = editSchema(serverContentCheck);
/** Any intent this action does not know. */
const unknownIntentSchema = z.object({ intent: z.string().optional() }).superRefine((_v, ctx) => {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: DISCUSSION_ERRORS.invalid });
});

/** The case page's forms, read against the union of their schemas (ADR 017). */
export function readDiscussionForm(request: Request): Promise<FormData> {
  return readForm(
    request,
    commentSchema(),
    editSchema(),
    deleteSchema,
    hideSchema,
    unhideSchema,
    voteSchema,
    mostUsefulSchema,
  );
}

function str(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export async function discussionAction(opts: {
  request: Request;
  context: AppLoadContext;
  caseId: string;
  slug: string;
  form: FormData;
}) {
  const { request, context, caseId, slug, form } = opts;
  const user = requireVerifiedUser(context, request);
  const intent = str(form, "intent");
  const js = str(form, "js") === "1";
  // Forms of a comment's buttons send no formId: it follows from the intent and the comment (commentFormId).
  const formId = str(form, "formId").slice(0, 100) || postedCommentFormId(intent, str(form, "commentId").slice(0, 100));
  const meta: Meta = { intent, formId: formId || intent };
  const back = (commentId?: string | null) =>
    redirect(commentId ? `/cases/${slug}?comment=${commentId}#c-${commentId}` : `/cases/${slug}#comments`);
  const done = <T extends object>(extra: T) => ({ ok: true as const, ...meta, ...extra });

  switch (intent) {
    case "comment": {
      const submission = parseWithZod(form, { schema: newCommentServerSchema });
      if (submission.status !== "success") return invalid(meta, submission);
      const { doc, parentId } = submission.value;
      try {
        const created = await createComment({ caseId, actor: user, doc, parentId: parentId ?? null });
        if (created.pending) {
          // Not public yet: nothing to show in the thread, a status message instead.
          if (!js) return redirect(`/cases/${slug}?pending=1#comments`);
          return done({ pending: true, result: submission.reply({ resetForm: true }) });
        }
        if (!js) return back(created.id);
        return done({ comment: toView(created, user, false), result: submission.reply({ resetForm: true }) });
      } catch (e) {
        return failure(context.locale, e, meta, submission);
      }
    }
    case "edit": {
      const submission = parseWithZod(form, { schema: editServerSchema });
      if (submission.status !== "success") return invalid(meta, submission);
      const { doc, commentId } = submission.value;
      try {
        const updated = await editComment(commentId, user, doc);
        if (!js) return back(commentId);
        return done({ comment: toView(updated, user, false), result: submission.reply({ resetForm: true }) });
      } catch (e) {
        return failure(context.locale, e, meta, submission);
      }
    }
    case "delete": {
      const submission = parseWithZod(form, { schema: deleteSchema });
      if (submission.status !== "success") return invalid(meta, submission);
      const { commentId, reason } = submission.value;
      try {
        await deleteComment(commentId, user, reason);
        return js ? done({ result: submission.reply({ resetForm: true }) }) : back(commentId);
      } catch (e) {
        return failure(context.locale, e, meta, submission);
      }
    }
    case "hide":
    case "unhide": {
      const submission = parseWithZod(form, { schema: intent === "hide" ? hideSchema : unhideSchema });
      if (submission.status !== "success") return invalid(meta, submission);
      const { commentId } = submission.value;
      const reason = "reason" in submission.value ? submission.value.reason : "";
      try {
        await moderateComment(user, commentId, intent === "hide", reason);
        return js ? done({ result: submission.reply({ resetForm: true }) }) : back(commentId);
      } catch (e) {
        return failure(context.locale, e, meta, submission);
      }
    }
    case "vote": {
      const submission = parseWithZod(form, { schema: voteSchema });
      if (submission.status !== "success") return invalid(meta, submission);
      const targetType = submission.value.targetType ?? (submission.value.targetId ? "comment" : "case");
      const targetId = targetType === "case" ? caseId : submission.value.targetId!;
      // The form's own id, as the page names its fetcher, when the form did not send it.
      if (!str(form, "formId")) meta.formId = voteFormId(targetType, submission.value.targetId);
      try {
        const limit = await consume([["voteMember", user.id]]);
        if (!limit.ok) throw new CommentError("rate-limited", { retryAfterMs: limit.retryAfterMs });
        const vote = await toggleHelpful(user, targetType, targetId);
        return js ? done({ vote, result: submission.reply() }) : back(targetType === "comment" ? targetId : undefined);
      } catch (e) {
        return failure(context.locale, e, meta, submission);
      }
    }
    case "most-useful": {
      const submission = parseWithZod(form, { schema: mostUsefulSchema });
      if (submission.status !== "success") return invalid(meta, submission);
      const id = submission.value.commentId ?? null;
      try {
        await setMostUseful(caseId, user, id);
        return js ? done({ result: submission.reply() }) : back(id);
      } catch (e) {
        return failure(context.locale, e, meta, submission);
      }
    }
    default:
      return invalid(meta, parseWithZod(form, { schema: unknownIntentSchema }));
  }
}
