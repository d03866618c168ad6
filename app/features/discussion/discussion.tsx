// The discussion under a case: threads nested to depth 3 (deeper replies listed
// under their depth-3 ancestor with "replying to @name"), long reply lists folded
// behind <details>, helpful votes, quotes, edits, moderation, and further pages
// appended by a fetcher (with a plain link when JavaScript is off).
//
// A page renders up to ~200 comments, so what each comment costs counts: the
// comments share one translate function and one submit function through Ctx,
// their links are plain <a data-nav> followed by one click handler on the
// section (a Remix <Link> resolves its path on every render), and their forms
// are plain <form>s submitted through `submit` with a fetcher key of their own.
// Their input is checked by the action's Zod schemas (discussion-schemas.ts);
// they hold only hidden fields (and a moderator's reason, checked natively), so
// a Conform form per button would cost ~1,000 hooks a page and check nothing.
// Errors come back from the action: without JavaScript as the page's failure,
// with it through the form's fetcher (FetcherErrors, mounted after hydration).
import { useCallback, useEffect, useMemo, useState, type FormEvent, type MouseEvent, type ReactNode } from "react";
import { Link, useFetcher, useNavigate, useSearchParams, useSubmit } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { JSONContent } from "@tiptap/core";
import { Icon } from "~/components/icons.tsx";
import { formatDateTimeWithZone } from "~/utils/format.ts";
import type { CommentView } from "~/models/comment.server.ts";
import { CommentForm, errorsOf, useErrorText, useHydrated, type FormResult } from "./comment-form.tsx";
import { REASON_MAX, voteFormId } from "./discussion-limits.ts";

/** Replies shown before the rest fold behind "show more replies". */
const VISIBLE_REPLIES = 5;

export interface DiscussionViewer {
  signedIn: boolean;
  verified: boolean;
  isCaseAuthor: boolean;
}

export interface DiscussionProps {
  slug: string;
  commentCount: number;
  threads: CommentView[];
  nextCursor: string | null;
  cursor: string | null;
  sort: "oldest" | "helpful";
  focus: string | null;
  mostUseful: CommentView | null;
  viewer: DiscussionViewer;
  failure: Extract<FormResult, { ok: false }> | null;
  /** The reason a moderator locked the thread (no new comments), or null. */
  lockedReason?: string | null;
}

interface Ctx {
  t: TFunction<"discussion">;
  errorText: (error: string) => string;
  language: string;
  /** Submits a comment's form without navigating, under its own fetcher key (submissions never cancel each other). */
  submitForm: (e: FormEvent<HTMLFormElement>) => void;
  /** Submits a comment's form as a navigation (the page reloads its data), keeping the scroll position. */
  submitPage: (e: FormEvent<HTMLFormElement>) => void;
  slug: string;
  viewer: DiscussionViewer;
  focus: string | null;
  mostUsefulId: string | null;
  failure: DiscussionProps["failure"];
  reply: { id: string; doc: JSONContent | null; n: number } | null;
  setReply: (r: { id: string; doc: JSONContent | null } | null) => void;
  editing: string | null;
  setEditing: (id: string | null) => void;
  posted: CommentView[];
  addPosted: (c: CommentView) => void;
  patches: Record<string, Partial<CommentView>>;
  patch: (id: string, p: Partial<CommentView>) => void;
  hydrated: boolean;
}

function containsId(c: CommentView, id: string): boolean {
  return c.id === id || c.children.some((k) => containsId(k, id));
}

/** Text to quote: the reader's selection inside the comment, else the whole comment. */
function quotedText(commentId: string): string {
  const body = document.querySelector(`#c-${CSS.escape(commentId)} > .comment-body`);
  const sel = window.getSelection();
  if (
    body &&
    sel &&
    !sel.isCollapsed &&
    sel.rangeCount > 0 &&
    body.contains(sel.getRangeAt(0).commonAncestorContainer)
  ) {
    return sel.toString().trim();
  }
  return (body as HTMLElement | null)?.innerText.trim() ?? "";
}

function quoteDoc(attribution: string, text: string): JSONContent {
  const paragraphs = text
    .split(/\n\s*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, 20);
  return {
    type: "doc",
    content: [
      {
        type: "blockquote",
        content: [attribution, ...paragraphs].map((p) => ({
          type: "paragraph",
          content: p
            .split("\n")
            .flatMap((line, i) => [
              ...(i > 0 ? [{ type: "hardBreak" }] : []),
              ...(line ? [{ type: "text", text: line }] : []),
            ]),
        })),
      },
      { type: "paragraph" },
    ],
  };
}

/** Plain left clicks on <a data-nav> inside the discussion navigate in the app instead of reloading. */
function useDelegatedNavigation() {
  const navigate = useNavigate();
  return useCallback(
    (e: MouseEvent<HTMLElement>) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element).closest?.("a[data-nav]");
      if (!a || a.getAttribute("target")) return;
      e.preventDefault();
      navigate(a.getAttribute("href")!, { preventScrollReset: a.hasAttribute("data-keep-scroll") });
    },
    [navigate],
  );
}

export function Discussion(props: DiscussionProps) {
  const { t, i18n } = useTranslation("discussion");
  const hydrated = useHydrated();
  const submit = useSubmit();
  const onNavClick = useDelegatedNavigation();
  const [params] = useSearchParams();
  const [pages, setPages] = useState<CommentView[][]>([]);
  const [next, setNext] = useState(props.nextCursor);
  const [posted, setPosted] = useState<CommentView[]>([]);
  const [patches, setPatches] = useState<Record<string, Partial<CommentView>>>({});
  const [reply, setReplyState] = useState<Ctx["reply"]>(() => {
    const id =
      params.get("replyTo") ?? (props.failure?.formId?.startsWith("reply-") ? props.failure.formId.slice(6) : null);
    return id ? { id, doc: null, n: 0 } : null;
  });
  const [editing, setEditing] = useState<string | null>(
    () => params.get("edit") ?? (props.failure?.formId?.startsWith("edit-") ? props.failure.formId.slice(5) : null),
  );
  const more = useFetcher<{ threads: CommentView[]; nextCursor: string | null }>();
  // After a post (issue 12.6): focus lands on the new comment and a status message confirms it.
  const [justPosted, setJustPosted] = useState<{ id: string; n: number } | null>(null);
  useEffect(() => {
    if (!justPosted) return;
    document.getElementById(`c-${justPosted.id}`)?.focus();
  }, [justPosted]);

  // A new first page (sort changed, revalidation after a post) starts over.
  useEffect(() => {
    setPages([]);
    setNext(props.nextCursor);
  }, [props.cursor, props.sort]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (pages.length === 0) setNext(props.nextCursor);
  }, [props.nextCursor, pages.length]);
  useEffect(() => {
    if (more.state === "idle" && more.data) {
      const loaded = more.data;
      setPages((p) => [...p, loaded.threads]);
      setNext(loaded.nextCursor);
    }
  }, [more.state, more.data]);

  const ctx: Ctx = {
    t,
    errorText: useErrorText(),
    language: i18n.language,
    submitForm: useCallback(
      (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        const form = e.currentTarget;
        const key = form.getAttribute("data-fetcher-key") ?? undefined;
        submit(form, { method: "post", navigate: false, fetcherKey: key, preventScrollReset: true });
      },
      [submit],
    ),
    submitPage: useCallback(
      (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        submit(e.currentTarget, { method: "post", preventScrollReset: true });
      },
      [submit],
    ),
    slug: props.slug,
    viewer: props.viewer,
    focus: props.focus,
    mostUsefulId: props.mostUseful?.id ?? null,
    failure: props.failure,
    reply,
    setReply: useCallback((r) => setReplyState(r ? { ...r, n: Date.now() } : null), []),
    editing,
    setEditing,
    posted,
    addPosted: useCallback((c: CommentView) => {
      setPosted((p) => [...p.filter((x) => x.id !== c.id), c]);
      setJustPosted({ id: c.id, n: Date.now() });
    }, []),
    patches,
    patch: useCallback(
      (id: string, p: Partial<CommentView>) => setPatches((all) => ({ ...all, [id]: { ...all[id], ...p } })),
      [],
    ),
    hydrated,
  };

  const threads = useMemo(() => [...props.threads, ...pages.flat()], [props.threads, pages]);
  const shown = useMemo(
    () =>
      new Set(
        threads.flatMap(function ids(c): string[] {
          return [c.id, ...c.children.flatMap(ids)];
        }),
      ),
    [threads],
  );
  const newTop = posted.filter((c) => !c.parentId && !shown.has(c.id));
  const sortHref = (s: string) => `?sort=${s}#comments`;

  return (
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions -- delegation: the links themselves are focusable and keyboard-activated
    <section id="comments" className="discussion no-print" aria-labelledby="discussion-title" onClick={onNavClick}>
      <div className="discussion-head">
        <h2 id="discussion-title">
          {t("title")} <span className="meta">{t("count", { count: props.commentCount })}</span>
        </h2>
        <nav aria-label={t("sort.label")} className="discussion-sort">
          {(["oldest", "helpful"] as const).map((s) => (
            <Link
              key={s}
              to={sortHref(s)}
              aria-current={props.sort === s && !props.focus ? "page" : undefined}
              preventScrollReset
            >
              {t(`sort.${s}`)}
            </Link>
          ))}
        </nav>
      </div>

      {props.mostUseful ? (
        <div className="most-useful-box">
          <p className="badge badge-useful" title={t("comment.mostUsefulTitle")}>
            <Icon name="star" /> {t("comment.mostUseful")}
          </p>
          <CommentItem c={props.mostUseful} ctx={ctx} pinned />
        </div>
      ) : null}

      {params.get("pending") === "1" ? (
        <p className="notice" role="status">
          {t("moderation:pendingComment")}
        </p>
      ) : null}
      {props.lockedReason != null ? (
        <p className="notice" role="note">
          {t("moderation:lockedNotice", { reason: props.lockedReason })}
        </p>
      ) : (
        <NewCommentGate viewer={props.viewer} slug={props.slug}>
          <CommentForm
            formId="new"
            intent="comment"
            label={t("form.label")}
            submitLabel={t("form.submit")}
            failure={props.failure?.formId === "new" ? props.failure : null}
            onDone={(r) => r.comment && ctx.addPosted(r.comment)}
          />
        </NewCommentGate>
      )}

      <p className={justPosted ? "notice notice-success" : "sr-only"} role="status">
        {justPosted ? t("form.posted") : ""}
      </p>

      {props.cursor ? (
        <p className="meta">
          {t("pages.earlier")} <Link to={`/cases/${props.slug}#comments`}>{t("pages.first")}</Link>
        </p>
      ) : null}

      {threads.length === 0 && newTop.length === 0 ? <p className="meta">{t("empty")}</p> : null}
      <div className="comment-list" data-quote-root="">
        {threads.map((c) => (
          <CommentItem key={c.id} c={c} ctx={ctx} />
        ))}
        {newTop.map((c) => (
          <CommentItem key={c.id} c={c} ctx={ctx} />
        ))}
      </div>

      {next ? (
        <p className="load-more">
          <Link
            to={`/cases/${props.slug}?sort=${props.sort}&cursor=${encodeURIComponent(next)}#comments`}
            className="button button-secondary"
            aria-busy={more.state !== "idle" || undefined}
            onClick={(e) => {
              if (!hydrated) return;
              e.preventDefault();
              if (more.state === "idle")
                more.load(
                  `/resources/comments?case=${encodeURIComponent(props.slug)}&sort=${props.sort}&cursor=${encodeURIComponent(next)}`,
                );
            }}
          >
            {more.state !== "idle" ? t("pages.loading") : t("pages.loadMore")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function NewCommentGate({ viewer, slug, children }: { viewer: DiscussionViewer; slug: string; children: ReactNode }) {
  const back = encodeURIComponent(`/cases/${slug}#comments`);
  if (!viewer.signedIn) {
    return (
      <p className="discussion-gate">
        <Trans
          i18nKey="discussion:gate.signIn"
          components={[
            <Link key="l" to={`/login?redirectTo=${back}`} />,
            <Link key="s" to={`/signup?redirectTo=${back}`} />,
          ]}
        />
      </p>
    );
  }
  if (!viewer.verified) {
    return (
      <p className="discussion-gate">
        <Trans i18nKey="discussion:gate.verify" components={[<Link key="v" to="/verify-email" />]} />
      </p>
    );
  }
  return <>{children}</>;
}

function CommentItem({ c: original, ctx, pinned = false }: { c: CommentView; ctx: Ctx; pinned?: boolean }) {
  const { t } = ctx;
  const c = { ...original, ...ctx.patches[original.id] };
  const domId = pinned ? `mu-${c.id}` : `c-${c.id}`;
  const authorId = `${domId}-author`;
  const canWrite = ctx.viewer.verified;
  const replyOpen = !pinned && ctx.reply?.id === c.id;
  const editOpen = !pinned && ctx.editing === c.id && c.can.edit;
  const isMostUseful = ctx.mostUsefulId === c.id;
  // A deleted account keeps its comments, shown as by a "deleted member" (ADR 037): its username starts with "~".
  const formerMember = c.author.username.startsWith("~");
  const name = formerMember ? t("privacy:deletedMember") : c.author.displayName;

  const children = [
    ...c.children,
    ...ctx.posted.filter((p) => p.parentId && !c.children.some((k) => k.id === p.id) && isPostedUnder(p, c)),
  ];
  const visible = children.slice(0, children.length > VISIBLE_REPLIES + 1 ? VISIBLE_REPLIES : children.length);
  const folded = children.slice(visible.length);
  const foldOpen = Boolean(ctx.focus && folded.some((k) => containsId(k, ctx.focus!)));

  const permalink = `/cases/${ctx.slug}?comment=${c.id}#c-${c.id}`;
  const classes = ["comment", `comment-depth-${Math.min(c.depth, 3)}`];
  if (ctx.focus === c.id && !pinned) classes.push("comment-focus");
  if (c.state !== "ok") classes.push(`comment-${c.state}`);
  if (isMostUseful) classes.push("comment-most-useful");

  return (
    <article id={domId} className={classes.join(" ")} aria-labelledby={authorId} tabIndex={-1}>
      <header className="comment-meta">
        {c.state === "deleted" ? (
          <span id={authorId} className="comment-author">
            {t("comment.deleted")}
          </span>
        ) : formerMember ? (
          <span id={authorId} className="comment-author">
            {name}
          </span>
        ) : (
          <a id={authorId} href={`/u/${c.author.username}`} className="comment-author" data-nav="">
            {name}
          </a>
        )}
        {c.replyingTo ? (
          <span className="comment-replying">
            {c.replyingTo.username
              ? t("comment.replyingTo", {
                  name: c.replyingTo.username.startsWith("~") ? t("privacy:deletedMember") : c.replyingTo.displayName,
                })
              : t("comment.replyingToDeleted")}
          </span>
        ) : null}
        {/* The visible time is part of the link's name (a label replacing it would hide it from voice control). */}
        <a href={permalink} className="comment-time" data-nav="" data-keep-scroll="">
          <time dateTime={c.createdAt}>{formatDateTimeWithZone(c.createdAt, ctx.language)}</time>
          <span className="sr-only"> · {t("comment.permalink")}</span>
        </a>
        {c.editedAt ? <span className="comment-edited">({t("comment.edited")})</span> : null}
        {isMostUseful && !pinned ? (
          <span className="badge badge-useful" title={t("comment.mostUsefulTitle")}>
            <Icon name="star" /> {t("comment.mostUseful")}
          </span>
        ) : null}
      </header>

      {c.state === "deleted" ? <p className="comment-placeholder">{t("comment.deleted")}</p> : null}
      {c.state === "hidden" ? (
        <p className="comment-placeholder">
          {c.hiddenReason ? t("comment.hiddenReason", { reason: c.hiddenReason }) : t("comment.hidden")}
        </p>
      ) : null}
      {c.html && !editOpen ? (
        // Rendered on the server from a document checked against the comment schema.
        <div className="rich-text comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
      ) : null}

      {editOpen ? (
        <CommentForm
          formId={`edit-${c.id}`}
          intent="edit"
          commentId={c.id}
          label={t("form.editLabel")}
          submitLabel={t("form.submitEdit")}
          initialText={stripText(c.html)}
          initialDoc={ctx.hydrated && c.editDoc ? (JSON.parse(c.editDoc) as JSONContent) : null}
          failure={ctx.failure?.formId === `edit-${c.id}` ? ctx.failure : null}
          onDone={(r) => {
            if (r.comment)
              ctx.patch(c.id, { html: r.comment.html, editedAt: r.comment.editedAt, editDoc: r.comment.editDoc });
            ctx.setEditing(null);
          }}
          onCancel={() => ctx.setEditing(null)}
          autoFocus
        />
      ) : null}

      {!pinned && c.state !== "deleted" ? (
        <CommentActions c={c} ctx={ctx} canWrite={canWrite} name={name} isMostUseful={isMostUseful} />
      ) : null}
      {pinned ? (
        <p className="comment-actions">
          <a href={permalink} data-nav="" data-keep-scroll="">
            {t("comment.permalink")}
          </a>
        </p>
      ) : null}

      {replyOpen && canWrite ? (
        <div id={`reply-${c.id}`} className="comment-reply-form">
          <CommentForm
            key={ctx.reply?.n}
            formId={`reply-${c.id}`}
            intent="comment"
            parentId={c.id}
            label={t("form.replyLabel", { name: name || t("comment.deleted") })}
            submitLabel={t("form.submitReply")}
            initialDoc={ctx.reply?.doc ?? null}
            failure={ctx.failure?.formId === `reply-${c.id}` ? ctx.failure : null}
            onDone={(r) => {
              if (r.comment) ctx.addPosted(r.comment);
              ctx.setReply(null);
            }}
            onCancel={() => ctx.setReply(null)}
            autoFocus
          />
        </div>
      ) : null}

      {!pinned && children.length > 0 ? (
        <div className="comment-replies">
          {visible.map((k) => (
            <CommentItem key={k.id} c={k} ctx={ctx} />
          ))}
          {folded.length > 0 ? (
            <details className="more-replies" open={foldOpen || undefined}>
              <summary>{t("comment.moreReplies", { count: folded.length })}</summary>
              {folded.map((k) => (
                <CommentItem key={k.id} c={k} ctx={ctx} />
              ))}
            </details>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/** A comment posted in this visit belongs under `c` if it answers c (nested) or c is its depth-3 anchor. */
function isPostedUnder(p: CommentView, c: CommentView): boolean {
  if (p.parentId === c.id) return true;
  return c.depth === 3 && p.depth > 3 && p.rootId === c.rootId && c.children.some((k) => k.id === p.parentId);
}

function stripText(html: string): string {
  return html
    .replace(/<br>/g, "\n")
    .replace(/<\/p>/g, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

/** The errors of a failed submission: the fields' and the form's, once each. */
function submissionErrors(
  result: Extract<FormResult, { ok: false }>["result"] | undefined,
  ...fields: string[]
): string[] {
  if (!result?.error) return [];
  const keys = fields.length ? fields : Object.keys(result.error);
  return errorsOf(...keys.map((k) => result.error?.[k] ?? undefined));
}

/** The no-JavaScript answer for this form, if the page's last post was it and failed. */
function pageFailure(ctx: Ctx, formId: string) {
  return ctx.failure?.formId === formId ? ctx.failure.result : undefined;
}

/** Errors a keyed fetcher's submission came back with (mounted only after hydration). */
function FetcherErrors({ fetcherKey, ctx }: { fetcherKey: string; ctx: Ctx }) {
  const fetcher = useFetcher<FormResult>({ key: fetcherKey });
  const data = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = data && !data.ok ? submissionErrors(data.result) : [];
  return errors.length ? (
    <span className="field-error" role="alert">
      {errors.map(ctx.errorText).join(" ")}
    </span>
  ) : null;
}

function ErrorText({ errors, ctx, id }: { errors: string[]; ctx: Ctx; id?: string }) {
  return errors.length ? (
    <span id={id} className="field-error" role="alert">
      {errors.map(ctx.errorText).join(" ")}
    </span>
  ) : null;
}

function CommentActions({
  c,
  ctx,
  canWrite,
  name,
  isMostUseful,
}: {
  c: CommentView;
  ctx: Ctx;
  canWrite: boolean;
  name: string;
  isMostUseful: boolean;
}) {
  const { t } = ctx;
  const ok = c.state === "ok";
  const replyHref = `/cases/${ctx.slug}?replyTo=${c.id}#reply-${c.id}`;
  const ids = { del: `delete-${c.id}`, useful: `useful-${c.id}`, hide: `hide-${c.id}`, unhide: `unhide-${c.id}` };
  const hideFailure = pageFailure(ctx, ids.hide);
  const hideErrors = submissionErrors(hideFailure, "reason", "");
  const typedReason = hideFailure?.initialValue?.reason;
  const pageErrors = [ids.del, ids.useful, ids.unhide].flatMap((id) => submissionErrors(pageFailure(ctx, id)));
  return (
    <div className="comment-actions">
      {ok ? (
        <VoteForm
          t={t}
          errorText={ctx.errorText}
          targetType="comment"
          targetId={c.id}
          count={c.helpfulCount}
          voted={c.voted}
          enabled={canWrite}
          hydrated={ctx.hydrated}
        />
      ) : null}
      {canWrite && ok ? (
        <a
          href={replyHref}
          className="link-button"
          aria-label={t("comment.replyTo", { name })}
          data-nav=""
          data-keep-scroll=""
          onClick={(e) => {
            if (!ctx.hydrated) return;
            e.preventDefault();
            ctx.setReply(ctx.reply?.id === c.id ? null : { id: c.id, doc: null });
          }}
        >
          {t("comment.reply")}
        </a>
      ) : null}
      {canWrite && ok && ctx.hydrated ? (
        <button
          type="button"
          className="link-button"
          aria-label={t("comment.quoteTo", { name })}
          // Keep the reader's selection: the click must not clear it first.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => ctx.setReply({ id: c.id, doc: quoteDoc(t("comment.quoteWrote", { name }), quotedText(c.id)) })}
        >
          {t("comment.quote")}
        </button>
      ) : null}
      {c.can.edit ? (
        <a
          href={`/cases/${ctx.slug}?edit=${c.id}#c-${c.id}`}
          className="link-button"
          data-nav=""
          data-keep-scroll=""
          onClick={(e) => {
            if (!ctx.hydrated) return;
            e.preventDefault();
            ctx.setEditing(c.id);
          }}
        >
          {t("comment.edit")}
        </a>
      ) : null}
      {c.can.delete ? (
        <form
          method="post"
          className="inline-form"
          data-fetcher-key={ids.del}
          onSubmit={(e) => {
            if (!window.confirm(t("comment.deleteConfirm"))) return e.preventDefault();
            ctx.submitForm(e);
            ctx.patch(c.id, { state: "deleted", html: "", author: { username: "", displayName: "" } });
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="formId" value={ids.del} />
          <input type="hidden" name="commentId" value={c.id} />
          {ctx.hydrated ? <input type="hidden" name="js" value="1" /> : null}
          <button type="submit" className="link-button">
            {t("comment.delete")}
          </button>
        </form>
      ) : null}
      {ctx.viewer.isCaseAuthor && ok && c.author.username ? (
        <form method="post" className="inline-form" data-fetcher-key={ids.useful} onSubmit={ctx.submitForm}>
          <input type="hidden" name="intent" value="most-useful" />
          <input type="hidden" name="formId" value={ids.useful} />
          <input type="hidden" name="commentId" value={isMostUseful ? "" : c.id} />
          {ctx.hydrated ? <input type="hidden" name="js" value="1" /> : null}
          <button type="submit" className="link-button" aria-pressed={isMostUseful}>
            {isMostUseful ? t("comment.clearMostUseful") : t("comment.markMostUseful")}
          </button>
        </form>
      ) : null}
      {canWrite && ok && !c.can.edit && c.author.username ? (
        <a
          href={`/report?type=comment&id=${c.id}`}
          className="link-button"
          aria-label={t("moderation:report.commentLink", { name })}
        >
          {t("moderation:report.link")}
        </a>
      ) : null}
      {c.can.history ? (
        <a href={`/cases/${ctx.slug}/comments/${c.id}/history`} data-nav="">
          {t("comment.history")}
        </a>
      ) : null}
      {c.can.hide ? (
        c.state === "hidden" ? (
          <form method="post" className="inline-form" onSubmit={ctx.submitPage}>
            <input type="hidden" name="intent" value="unhide" />
            <input type="hidden" name="formId" value={ids.unhide} />
            <input type="hidden" name="commentId" value={c.id} />
            <button type="submit" className="link-button">
              {t("comment.unhide")}
            </button>
          </form>
        ) : (
          <details className="hide-comment" open={hideErrors.length > 0 || undefined}>
            <summary>{t("comment.hide")}</summary>
            <form method="post" className="inline-form" onSubmit={ctx.submitPage}>
              <input type="hidden" name="intent" value="hide" />
              <input type="hidden" name="formId" value={ids.hide} />
              <input type="hidden" name="commentId" value={c.id} />
              <label>
                {t("comment.hideReason")}{" "}
                <input
                  name="reason"
                  required
                  maxLength={REASON_MAX}
                  defaultValue={typeof typedReason === "string" ? typedReason : undefined}
                  aria-invalid={hideErrors.length > 0 || undefined}
                  aria-describedby={hideErrors.length > 0 ? `${ids.hide}-error` : undefined}
                />
              </label>
              <button type="submit" className="button-small">
                {t("comment.hideSubmit")}
              </button>
              <ErrorText errors={hideErrors} ctx={ctx} id={`${ids.hide}-error`} />
            </form>
          </details>
        )
      ) : null}
      <ErrorText errors={pageErrors} ctx={ctx} />
      {ctx.hydrated && c.can.delete ? <FetcherErrors fetcherKey={ids.del} ctx={ctx} /> : null}
      {ctx.hydrated && ctx.viewer.isCaseAuthor ? <FetcherErrors fetcherKey={ids.useful} ctx={ctx} /> : null}
    </div>
  );
}

/** The helpful button of a case (comments render VoteForm with the discussion's shared translate function). */
export function VoteButton(props: Omit<VoteFormProps, "t" | "hydrated" | "errorText">) {
  const { t } = useTranslation("discussion");
  return <VoteForm {...props} t={t} errorText={useErrorText()} hydrated={useHydrated()} />;
}

interface VoteFormProps {
  t: TFunction<"discussion">;
  errorText: (error: string) => string;
  hydrated: boolean;
  targetType: "case" | "comment";
  targetId?: string;
  count: number;
  voted: boolean;
  enabled: boolean;
  big?: boolean;
}

function VoteForm(props: VoteFormProps) {
  const { t, hydrated } = props;
  const formId = voteFormId(props.targetType, props.targetId);
  const fetcher = useFetcher<FormResult>({ key: formId });
  let { voted, count } = props;
  const result = fetcher.data;
  if (fetcher.formData) {
    // Optimistic: show the toggle before the server answers.
    count += voted ? -1 : 1;
    voted = !voted;
  } else if (result?.ok && result.vote) {
    ({ voted, count } = result.vote);
  }
  const label = t(props.targetType === "case" ? "vote.caseLabel" : "vote.label", { count });
  if (!props.enabled) {
    return (
      <span className="vote vote-static">
        <span aria-hidden="true">
          <Icon name="thumbUp" /> {count}
        </span>
        <span className="sr-only">{label}</span>
      </span>
    );
  }
  return (
    <form
      method="post"
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        fetcher.submit(e.currentTarget, { method: "post", preventScrollReset: true });
      }}
    >
      <input type="hidden" name="intent" value="vote" />
      {/* The server derives the target's type and the form's id from targetId (a comment) or its absence (the case). */}
      {props.targetType === "comment" ? <input type="hidden" name="targetId" value={props.targetId} /> : null}
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      <button
        type="submit"
        className={`vote${voted ? " vote-on" : ""}${props.big ? "" : " vote-small"}`}
        aria-pressed={voted}
        aria-label={label}
      >
        <span aria-hidden="true">
          <Icon name="thumbUp" /> {props.big ? `${t("vote.helpful")} ` : ""}
          {count}
        </span>
      </button>
      {result && !result.ok ? (
        <span className="field-error" role="alert">
          {submissionErrors(result.result).map(props.errorText).join(" ")}
        </span>
      ) : null}
    </form>
  );
}
