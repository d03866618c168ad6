// A comment's header and (before hydration) its action bar as HTML strings
// (issue 15.2, ADR 057). The 200-comment page spent most of its render in
// React's work per element: ~13 elements a comment, each pushed with its
// attributes by the streaming renderer and, in the browser, given a fiber on
// hydration. These parts hold no React state or handler that acts before
// hydration (links are followed by the discussion's delegated click handler,
// forms post natively), so they are written by these template functions and
// set with dangerouslySetInnerHTML: one element for React instead of four to
// eight. The browser computes the same strings from the same data on its first
// render, so hydration matches; after hydration a member's action bar becomes
// React elements again (discussion.tsx), since its reply, quote and vote then
// act in place.
//
// discussion.tsx keeps the JSX versions of the same markup (the badge header,
// a failed form's errors, the hydrated bar), and comment-markup.test.ts checks
// that both write the same HTML.

import { esc } from "~/utils/format.ts";
import { commentFormId, REASON_MAX } from "./discussion-limits.ts";

// Escaped as React escapes (in format.ts since the case cards write strings too, ADR 064).
export { esc };

/** What a comment's header shows, computed once by CommentItem for either rendering. */
export interface HeaderParts {
  /** The author's element id (the article's aria-labelledby). */
  authorId: string;
  authorText: string;
  /** The profile link, or null for a deleted comment or a former member. */
  authorHref: string | null;
  /** "replying to …" for replies deeper than the nesting depth. */
  replying: string | null;
  permalink: string;
  time: string;
  /** "edited", when it was. */
  edited: string | null;
}

/** The most useful badge's star as Icon writes it (app/components/icons.tsx; checked by comment-markup.test.tsx). */
export const STAR_ICON =
  '<svg aria-hidden="true" focusable="false" class="icon" width="1em" height="1em" viewBox="0 0 24 24" fill="none" ' +
  'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">' +
  '<path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z"></path></svg>';

/** The permalinks' shared description (one hidden element, discussion.tsx). */
export const PERMALINK_HINT = "comment-permalink-hint";
/** The discussion's shared delete form (its buttons carry the comment's id). */
export const DELETE_FORM = "comment-delete";
/** The discussion's shared vote form. */
export const VOTE_FORM = "comment-vote";

export function headerHtml(h: HeaderParts): string {
  const author = h.authorHref
    ? `<a id="${esc(h.authorId)}" href="${esc(h.authorHref)}" class="comment-author" data-nav="">${esc(h.authorText)}</a>`
    : `<span id="${esc(h.authorId)}" class="comment-author">${esc(h.authorText)}</span>`;
  const replying = h.replying ? `<span class="comment-replying">${esc(h.replying)}</span>` : "";
  const time = `<a href="${esc(h.permalink)}" class="comment-time" data-nav="" data-keep-scroll="" aria-describedby="${PERMALINK_HINT}">${esc(h.time)}</a>`;
  const edited = h.edited ? `<span class="comment-edited">(${esc(h.edited)})</span>` : "";
  return author + replying + time + edited;
}

/** What a comment's action bar shows before hydration (no failed form of its own: those render as JSX). */
export interface ActionParts {
  id: string;
  ok: boolean;
  /** A verified member: vote and reply. */
  canWrite: boolean;
  voted: boolean;
  count: number;
  can: { edit: boolean; delete: boolean; hide: boolean; history: boolean };
  hidden: boolean;
  /** The case's author on another member's comment: the "most useful" form. */
  mostUseful: { formId: string; marked: boolean } | null;
  /** The report link (a member on someone else's comment). */
  report: boolean;
  slug: string;
  /** The author's name as shown (in the reply and report links' names). */
  name: string;
  labels: ActionLabels;
}

/** The action bar's fixed texts (namespace "discussion", key "comment.<name>"). */
export type FixedLabel =
  | "reply"
  | "edit"
  | "delete"
  | "markMostUseful"
  | "clearMostUseful"
  | "history"
  | "unhide"
  | "hide"
  | "hideReason"
  | "hideSubmit";

/**
 * The action bars' labels for one render, translated and escaped once each: the
 * fixed ones by key, those holding a name or a count by that value (a page has
 * ~20 authors and a few counts for 200 comments).
 */
export class ActionLabels {
  private readonly seen = new Map<string, string>();
  private readonly names = new Map<string, [string, string]>();
  private readonly counts = new Map<number, string>();
  constructor(private readonly tr: (key: string, vars?: Record<string, string | number>) => string) {}

  text(key: FixedLabel | "report"): string {
    let out = this.seen.get(key);
    if (out === undefined) {
      out = esc(this.tr(key === "report" ? "moderation:report.link" : `comment.${key}`));
      this.seen.set(key, out);
    }
    return out;
  }

  /** [reply to <name>, report <name>'s comment], escaped. */
  named(name: string): [string, string] {
    let out = this.names.get(name);
    if (out === undefined) {
      out = [esc(this.tr("comment.replyTo", { name })), esc(this.tr("moderation:report.commentLink", { name }))];
      this.names.set(name, out);
    }
    return out;
  }

  /** The vote's name with its count, escaped. */
  vote(count: number): string {
    let out = this.counts.get(count);
    if (out === undefined) {
      out = esc(this.tr("vote.label", { count }));
      this.counts.set(count, out);
    }
    return out;
  }
}

/** The helpful vote: a member's button of the shared vote form, or a reader's count. */
export function voteHtml(a: Pick<ActionParts, "id" | "canWrite" | "voted" | "count" | "labels">): string {
  if (!a.canWrite) {
    return `<span class="vote vote-static vote-small vote-thumb" role="img" aria-label="${a.labels.vote(a.count)}">${a.count}</span>`;
  }
  return (
    `<button type="submit" form="${VOTE_FORM}" name="targetId" value="${esc(a.id)}" ` +
    `class="vote vote-small vote-thumb${a.voted ? " vote-on" : ""}" aria-pressed="${a.voted}" aria-label="${a.labels.vote(a.count)}">${a.count}</button>`
  );
}

export function actionsHtml(a: ActionParts): string {
  const id = esc(a.id);
  const L = (key: FixedLabel | "report") => a.labels.text(key);
  let s = a.ok ? voteHtml(a) : "";
  if (a.canWrite && a.ok) {
    s += `<a href="?replyTo=${id}#reply-${id}" class="link-button" aria-label="${a.labels.named(a.name)[0]}" data-nav="" data-keep-scroll="">${L("reply")}</a>`;
  }
  if (a.can.edit) {
    s += `<a href="?edit=${id}#c-${id}" class="link-button" data-nav="" data-keep-scroll="">${L("edit")}</a>`;
  }
  if (a.can.delete) {
    s += `<button type="submit" form="${DELETE_FORM}" name="commentId" value="${id}" class="link-button">${L("delete")}</button>`;
  }
  if (a.mostUseful) {
    const { formId, marked } = a.mostUseful;
    s +=
      `<form method="post" class="inline-form" data-fetcher-key="${esc(formId)}">` +
      `<input type="hidden" name="intent" value="most-useful"/><input type="hidden" name="formId" value="${esc(formId)}"/>` +
      `<input type="hidden" name="commentId" value="${marked ? "" : id}"/>` +
      `<button type="submit" class="link-button" aria-pressed="${marked}">${L(marked ? "clearMostUseful" : "markMostUseful")}</button></form>`;
  }
  if (a.report) {
    s += `<a href="/report?type=comment&amp;id=${id}" class="link-button" aria-label="${a.labels.named(a.name)[1]}">${L("report")}</a>`;
  }
  if (a.can.history) {
    s += `<a href="/cases/${esc(a.slug)}/comments/${id}/history" data-nav="">${L("history")}</a>`;
  }
  if (a.can.hide) {
    s += a.hidden
      ? `<form method="post" class="inline-form"><input type="hidden" name="intent" value="unhide"/>` +
        `<input type="hidden" name="formId" value="${esc(commentFormId("unhide", a.id))}"/><input type="hidden" name="commentId" value="${id}"/>` +
        `<button type="submit" class="link-button">${L("unhide")}</button></form>`
      : `<details class="hide-comment"><summary>${L("hide")}</summary>` +
        `<form method="post" class="inline-form"><input type="hidden" name="intent" value="hide"/>` +
        `<label>${L("hideReason")} <input name="reason" required="" maxLength="${REASON_MAX}"/></label>` +
        `<button type="submit" name="commentId" value="${id}" class="button-small">${L("hideSubmit")}</button></form></details>`;
  }
  return s;
}
