// The discussion part of the case page: what its loader adds, and the action's
// intents (comment, edit, delete, hide, vote, most useful). Without JavaScript a
// successful post redirects back to the comment (post/redirect/get); with it
// (the form carries js=1) the action answers with data for the fetcher.
import { data, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { requireVerifiedUser } from "~/auth/guards.server.ts";
import { DOC_LIMITS } from "~/editor/extensions.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import {
  CommentError,
  createComment,
  cursorForComment,
  deleteComment,
  editComment,
  getMostUseful,
  listCommentPage,
  parseCommentInput,
  setCommentHidden,
  setMostUseful,
  toView,
  type CommentSort,
  type Viewer,
} from "~/models/comment.server.ts";
import { hasVoted, isVoteTarget, toggleHelpful, VoteError } from "~/models/reaction.server.ts";
import { consume, retryAfterHeader, retryMinutes } from "~/utils/rate-limit.server.ts";

export function sortParam(v: string | null): CommentSort {
  return v === "helpful" ? "helpful" : "oldest";
}

export async function loadDiscussion(
  c: { id: string; mostUsefulCommentId: string | null },
  url: URL,
  viewer: Viewer | null,
) {
  const sort = sortParam(url.searchParams.get("sort"));
  let cursor = url.searchParams.get("cursor");
  const focus = url.searchParams.get("comment");
  // A permalink (?comment=id) opens the page that holds the comment's thread.
  if (focus && !cursor) cursor = (await cursorForComment(c.id, focus)) ?? null;
  const [page, mostUseful, caseVoted] = await Promise.all([
    listCommentPage(c.id, { cursor, sort: focus ? "oldest" : sort, viewer }),
    getMostUseful(c.mostUsefulCommentId, viewer),
    viewer ? hasVoted(viewer.id, "case", c.id) : Promise.resolve(false),
  ]);
  return { ...page, cursor, focus, mostUseful, caseVoted };
}

type FailStatus = 400 | 403 | 404 | 429;

function failure(locale: AppLoadContext["locale"], e: unknown, extra: Record<string, unknown>) {
  const t = tFor(locale);
  let status: FailStatus = 400;
  let message: string;
  const headers: Record<string, string> = {};
  if (e instanceof CommentError) {
    switch (e.code) {
      case "rate-limited":
        status = 429;
        message = t("discussion:errors.rateLimited", { count: retryMinutes(e.details.retryAfterMs ?? 60_000) });
        Object.assign(headers, retryAfterHeader(e.details.retryAfterMs ?? 60_000));
        break;
      case "too-long":
        message = t("discussion:errors.tooLong", { max: DOC_LIMITS.comment.maxChars.toLocaleString(locale) });
        break;
      case "duplicate":
        message = t("discussion:errors.duplicate");
        break;
      case "empty":
        message = t("discussion:errors.empty");
        break;
      case "not-found":
        status = 404;
        message = t("discussion:errors.notFound");
        break;
      case "forbidden":
        status = 403;
        message = t("discussion:errors.forbidden");
        break;
      case "not-verified":
        status = 403;
        message = t("discussion:errors.notVerified");
        break;
      case "closed":
        status = 403;
        message = t("discussion:errors.closed");
        break;
      default:
        message = t("discussion:errors.invalid");
    }
  } else if (e instanceof VoteError) {
    status = e.code === "not-found" ? 404 : 403;
    message = t(e.code === "forbidden" ? "discussion:errors.ownVote" : e.code === "not-found" ? "discussion:errors.notFound" : "discussion:errors.notVerified");
  } else throw e;
  return data({ ok: false as const, error: message, ...extra }, { status, headers });
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
  const formId = str(form, "formId") || intent;
  const back = (commentId?: string) => redirect(commentId ? `/cases/${slug}?comment=${commentId}#c-${commentId}` : `/cases/${slug}#comments`);
  const keep = { intent, formId, text: str(form, "text"), body: str(form, "body") };
  try {
    switch (intent) {
      case "comment": {
        const doc = parseCommentInput({ body: keep.body, text: keep.text });
        const parentId = str(form, "parentId") || null;
        const created = await createComment({ caseId, actor: user, doc, parentId });
        if (!js) return back(created.id);
        return { ok: true as const, intent, formId, comment: toView(created, user, false) };
      }
      case "edit": {
        const id = str(form, "commentId");
        const doc = parseCommentInput({ body: keep.body, text: keep.text });
        const updated = await editComment(id, user, doc);
        if (!js) return back(id);
        return { ok: true as const, intent, formId, comment: toView(updated, user, false) };
      }
      case "delete": {
        const id = str(form, "commentId");
        await deleteComment(id, user, str(form, "reason") || null);
        return js ? { ok: true as const, intent, formId } : back(id);
      }
      case "hide":
      case "unhide": {
        const id = str(form, "commentId");
        const reason = str(form, "reason").trim().slice(0, 500);
        if (intent === "hide" && !reason) {
          return data({ ok: false as const, error: tFor(context.locale)("discussion:errors.reasonRequired"), ...keep }, { status: 400 });
        }
        await setCommentHidden(id, user, intent === "hide", reason);
        return js ? { ok: true as const, intent, formId } : back(id);
      }
      case "vote": {
        const targetType = str(form, "targetType");
        const targetId = targetType === "case" ? caseId : str(form, "targetId");
        if (!isVoteTarget(targetType) || !targetId) return data({ ok: false as const, error: "bad-request", ...keep }, { status: 400 });
        const limit = await consume([["voteMember", user.id]]);
        if (!limit.ok) throw new CommentError("rate-limited", { retryAfterMs: limit.retryAfterMs });
        const vote = await toggleHelpful(user, targetType, targetId);
        return js ? { ok: true as const, intent, formId, vote } : back(targetType === "comment" ? targetId : undefined);
      }
      case "most-useful": {
        const id = str(form, "commentId") || null;
        await setMostUseful(caseId, user, id);
        return js ? { ok: true as const, intent, formId } : back(id ?? undefined);
      }
      default:
        return data({ ok: false as const, error: "bad-request", ...keep }, { status: 400 });
    }
  } catch (e) {
    return failure(context.locale, e, keep);
  }
}
