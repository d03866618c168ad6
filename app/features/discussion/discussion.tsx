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
//
// Markup per comment is kept small (issue 15.2, ADR 054): a comment's helpful
// and delete buttons submit one shared form each (`form=` attribute, the
// comment's id as the button's value), its permalink is the time itself
// (described by one shared hint), the thumb is drawn in CSS, and the body's
// HTML travels once — in the markup of a document, whose serialized loader data
// leaves it out (see bodyHtml).
import { paragraphOf } from "~/editor/doc-from-text.ts";
import {
  startTransition,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type MouseEvent,
  type ReactNode,
} from "react";
import { Link, useFetcher, useNavigate, useSearchParams, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TaggedText } from "~/components/tagged-text.tsx";
import { AppLink } from "~/components/app-link.tsx";
import type { TFunction } from "i18next";
import type { JSONContent } from "@tiptap/core";
import { Icon } from "~/components/icons.tsx";
import { formatDateTimeWithZone } from "~/utils/format.ts";
import type { CommentView } from "~/models/comment.server.ts";
import { readerPlace, readerPlaceBack, useBrowserLayoutEffect, type ReaderPlace } from "./keep-focus.ts";
import { CommentForm, errorsOf, useErrorText, useHydrated, type FormResult } from "./comment-form.tsx";
import { commentFormId, REASON_MAX, voteFormId } from "./discussion-limits.ts";
import {
  actionsHtml,
  DELETE_FORM,
  esc,
  headerHtml,
  PERMALINK_HINT,
  STAR_ICON,
  VOTE_FORM,
  ActionLabels,
  type ActionParts,
  type HeaderParts,
} from "./comment-markup.ts";

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

export interface Ctx {
  t: TFunction<"discussion">;
  /** t for strings repeated on every comment (labels with a name or a count), remembered for this render. */
  tr: (key: string, vars?: Record<string, string | number>) => string;
  /** The action bars' labels, translated and escaped once a render. */
  labels: ActionLabels;
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

/**
 * Comment bodies read back from the server's markup (the browser only). A
 * document's loader data carries no comment HTML (loadDiscussion's `document`):
 * the markup already holds it. On hydration each comment reads its body from
 * the element the server rendered, so React's innerHTML matches what is there.
 */
const bodiesFromMarkup = new Map<string, string>();

function bodyHtml(c: CommentView, domId: string): string {
  if (typeof c.html === "string") return c.html;
  if (typeof document === "undefined") return "";
  let html = bodiesFromMarkup.get(domId);
  if (html === undefined) {
    html = document.getElementById(domId)?.querySelector(":scope > .comment-body")?.innerHTML ?? "";
    bodiesFromMarkup.set(domId, html);
  }
  return html;
}

/**
 * On the server, labels by language for the process: its translations are all
 * loaded at start and never change, and each render asked i18next again for
 * every name and count on the page (~50 misses a render; ADR 057).
 */
const serverLabels = new Map<string, Map<string, string>>();
const SERVER_LABELS_MAX = 5000;

/**
 * A translate function remembering its answers (~200 comments ask the same): for
 * one render in the browser (a namespace may still be loading), for the process on the server.
 */
function rememberingT(t: TFunction<"discussion">, language: string): Ctx["tr"] {
  let seen = typeof document === "undefined" ? serverLabels.get(language) : undefined;
  if (!seen) {
    seen = new Map<string, string>();
    if (typeof document === "undefined") serverLabels.set(language, seen);
  }
  const memo = seen;
  return (key, vars) => {
    const id = vars ? `${key}\u0000${Object.values(vars).join("\u0000")}` : key;
    let out = memo.get(id);
    if (out === undefined) {
      out = String(t(key, vars as never));
      if (memo.size >= SERVER_LABELS_MAX) memo.clear();
      memo.set(id, out);
    }
    return out;
  };
}

/** The button that submitted a form (its name and value are the comment's id), else the form. */
function submitterOf(e: FormEvent<HTMLFormElement>): HTMLFormElement | HTMLButtonElement {
  const s = (e.nativeEvent as SubmitEvent).submitter;
  return s instanceof HTMLButtonElement ? s : e.currentTarget;
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
        content: [attribution, ...paragraphs].map(paragraphOf),
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

  const tr = useMemo(() => rememberingT(t, i18n.language), [t, i18n.language]);
  const labels = useMemo(() => new ActionLabels(tr), [tr]);
  const ctx: Ctx = {
    t,
    tr,
    labels,
    errorText: useErrorText(),
    language: i18n.language,
    submitForm: useCallback(
      (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        const key = e.currentTarget.getAttribute("data-fetcher-key") ?? undefined;
        submit(submitterOf(e), { method: "post", navigate: false, fetcherKey: key, preventScrollReset: true });
      },
      [submit],
    ),
    submitPage: useCallback(
      (e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        submit(submitterOf(e), { method: "post", preventScrollReset: true });
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
  // The list as one string (ADR 061) while nothing in it acts through React: before hydration (the
  // server's render and the browser's first, which hydration leaves as it is) and for a reader. A
  // member's list becomes React elements after hydration (reply, quote, edit in place, the optimistic
  // vote), in a transition so the browser stays responsive; an open or failed form, a comment posted
  // or changed in this visit, and further pages render through CommentItem too.
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (hydrated && props.viewer.signedIn) startTransition(() => setLive(true));
  }, [hydrated, props.viewer.signedIn]);
  const asString =
    !(live && props.viewer.signedIn) &&
    !reply &&
    !editing &&
    !props.failure &&
    posted.length === 0 &&
    pages.length === 0 &&
    Object.keys(patches).length === 0;
  const listHtml = asString ? threads.map((c) => commentHtml(c, ctx)).join("") : null;
  // Focus and a text selection inside the string list survive its replacement by React elements (keep-focus.ts).
  const placeAt = useRef<ReaderPlace | null>(null);
  const liveList = useRef<HTMLDivElement>(null);
  useBrowserLayoutEffect(() => {
    if (listHtml !== null || !placeAt.current || !liveList.current) return;
    readerPlaceBack(liveList.current, placeAt.current);
    placeAt.current = null;
  }, [listHtml === null]); // only the switch between the two lists matters
  const sortHref = (s: string) => `?sort=${s}#comments`;

  // The shared forms' submissions with JavaScript: each under the comment's own fetcher key.
  const onVote = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const button = submitterOf(e);
    const id = button instanceof HTMLButtonElement ? button.value : "";
    submit(button, {
      method: "post",
      navigate: false,
      fetcherKey: voteFormId("comment", id),
      preventScrollReset: true,
    });
  };
  const onDelete = (e: FormEvent<HTMLFormElement>) => {
    const button = submitterOf(e);
    if (!window.confirm(t("comment.deleteConfirm")) || !(button instanceof HTMLButtonElement))
      return e.preventDefault();
    e.preventDefault();
    const id = button.value;
    submit(button, {
      method: "post",
      navigate: false,
      fetcherKey: commentFormId("delete", id),
      preventScrollReset: true,
    });
    ctx.patch(id, { state: "deleted", html: "", author: { username: "", displayName: "" } });
  };

  return (
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions -- delegation: the links themselves are focusable and keyboard-activated
    <section id="comments" className="discussion no-print" aria-labelledby="discussion-title" onClick={onNavClick}>
      {/* The forms every comment's buttons submit (form= attribute), and the permalinks' description. */}
      {props.viewer.verified ? <SharedForm id={VOTE_FORM} intent="vote" hydrated={hydrated} onSubmit={onVote} /> : null}
      {props.viewer.signedIn ? (
        <SharedForm id={DELETE_FORM} intent="delete" hydrated={hydrated} onSubmit={onDelete} />
      ) : null}
      <span id={PERMALINK_HINT} hidden>
        {t("comment.permalink")}
      </span>
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
      {listHtml !== null ? (
        <StringList key="html" html={listHtml} placeAt={placeAt} />
      ) : (
        <div key="jsx" ref={liveList} className="comment-list" data-quote-root="">
          {threads.map((c) => (
            <CommentItem key={c.id} c={c} ctx={ctx} />
          ))}
          {newTop.map((c) => (
            <CommentItem key={c.id} c={c} ctx={ctx} />
          ))}
        </div>
      )}

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

/** A hidden form that the buttons of every comment submit (their value: the comment's id). */
function SharedForm(props: {
  id: string;
  intent: string;
  hydrated: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}) {
  return (
    <form id={props.id} method="post" hidden onSubmit={props.onSubmit}>
      <input type="hidden" name="intent" value={props.intent} />
      {props.hydrated ? <input type="hidden" name="js" value="1" /> : null}
    </form>
  );
}

function NewCommentGate({ viewer, slug, children }: { viewer: DiscussionViewer; slug: string; children: ReactNode }) {
  const { t } = useTranslation("discussion");
  const back = encodeURIComponent(`/cases/${slug}#comments`);
  if (!viewer.signedIn) {
    return (
      <p className="discussion-gate">
        <TaggedText
          text={t("gate.signIn")}
          components={[
            <AppLink key="l" to={`/login?redirectTo=${back}`} />,
            <AppLink key="s" to={`/signup?redirectTo=${back}`} />,
          ]}
        />
      </p>
    );
  }
  if (!viewer.verified) {
    return (
      <p className="discussion-gate">
        <TaggedText text={t("gate.verify")} components={[<AppLink key="v" to="/verify-email" />]} />
      </p>
    );
  }
  return <>{children}</>;
}

/** What CommentItem and commentHtml show of a comment, computed once for either writer. */
function commentParts(original: CommentView, ctx: Ctx, pinned: boolean) {
  const { tr } = ctx;
  const patch = ctx.patches[original.id];
  const c = patch ? { ...original, ...patch } : original;
  const domId = pinned ? `mu-${c.id}` : `c-${c.id}`;
  // A document's comment HTML is not an enumerable field (a spread drops it): read it from the original.
  const html = patch?.html ?? bodyHtml(original, domId);
  const authorId = `${domId}-author`;
  const canWrite = ctx.viewer.verified;
  const replyOpen = !pinned && ctx.reply?.id === c.id;
  const editOpen = !pinned && ctx.editing === c.id && c.can.edit;
  const isMostUseful = ctx.mostUsefulId === c.id;
  // A deleted account keeps its comments, shown as by a "deleted member" (ADR 037): its username starts with "~".
  const formerMember = c.author.username.startsWith("~");
  const name = formerMember ? tr("privacy:deletedMember") : c.author.displayName;

  const children = ctx.posted.length
    ? [
        ...c.children,
        ...ctx.posted.filter((p) => p.parentId && !c.children.some((k) => k.id === p.id) && isPostedUnder(p, c)),
      ]
    : c.children;
  const visible = children.slice(0, children.length > VISIBLE_REPLIES + 1 ? VISIBLE_REPLIES : children.length);
  const folded = children.slice(visible.length);
  const foldOpen = Boolean(ctx.focus && folded.some((k) => containsId(k, ctx.focus!)));

  // Relative to the case page (a query and a fragment): ~60 bytes fewer per link than the whole path.
  const permalink = `?comment=${c.id}#c-${c.id}`;
  const classes = ["comment", `comment-depth-${Math.min(c.depth, 3)}`];
  if (ctx.focus === c.id && !pinned) classes.push("comment-focus");
  if (c.state !== "ok") classes.push(`comment-${c.state}`);
  if (isMostUseful) classes.push("comment-most-useful");

  const header: HeaderParts = {
    authorId,
    authorText: c.state === "deleted" ? tr("comment.deleted") : name,
    authorHref: c.state === "deleted" || formerMember ? null : `/u/${c.author.username}`,
    replying: c.replyingTo
      ? c.replyingTo.username
        ? tr("comment.replyingTo", {
            name: c.replyingTo.username.startsWith("~") ? tr("privacy:deletedMember") : c.replyingTo.displayName,
          })
        : tr("comment.replyingToDeleted")
      : null,
    permalink,
    time: formatDateTimeWithZone(c.createdAt, ctx.language),
    edited: c.editedAt ? tr("comment.edited") : null,
  };
  return {
    c,
    domId,
    html,
    authorId,
    canWrite,
    replyOpen,
    editOpen,
    isMostUseful,
    name,
    children,
    visible,
    folded,
    foldOpen,
    permalink,
    className: classes.join(" "),
    header,
  };
}

/**
 * A comment and its replies as one HTML string: the comment list before
 * hydration and for readers (ADR 061). Writes what CommentItem writes when no
 * form of the comment is open and none failed (discussion.test.tsx checks both
 * give the same markup); the list falls back to CommentItem otherwise.
 */
export function commentHtml(original: CommentView, ctx: Ctx): string {
  const { c, domId, html, authorId, canWrite, isMostUseful, name, visible, folded, foldOpen, className, header } =
    commentParts(original, ctx, false);
  const { tr } = ctx;
  let s =
    `<article id="${domId}" class="${esc(className)}" aria-labelledby="${authorId}" tabindex="-1">` +
    `<header class="comment-meta">${headerHtml(header)}` +
    (isMostUseful
      ? `<span class="badge badge-useful" title="${esc(tr("comment.mostUsefulTitle"))}">${STAR_ICON} ${esc(tr("comment.mostUseful"))}</span>`
      : "") +
    "</header>";
  if (c.state === "deleted") s += `<p class="comment-placeholder">${esc(tr("comment.deleted"))}</p>`;
  if (c.state === "hidden") {
    const text = c.hiddenReason ? tr("comment.hiddenReason", { reason: c.hiddenReason }) : tr("comment.hidden");
    s += `<p class="comment-placeholder">${esc(text)}</p>`;
  }
  if (html) s += `<div class="rich-text comment-body">${html}</div>`;
  if (c.state !== "deleted") {
    s += `<div class="comment-actions">${actionsHtml(actionParts(c, ctx, canWrite, name, isMostUseful))}</div>`;
  }
  if (visible.length > 0) {
    s += '<div class="comment-replies">';
    for (const k of visible) s += commentHtml(k, ctx);
    if (folded.length > 0) {
      s += `<details class="more-replies"${foldOpen ? ' open=""' : ""}><summary>${esc(tr("comment.moreReplies", { count: folded.length }))}</summary>`;
      for (const k of folded) s += commentHtml(k, ctx);
      s += "</details>";
    }
    s += "</div>";
  }
  return s + "</article>";
}

/** The comment list as one HTML string (ADR 061); on its way out it notes the focus and selection inside it. */
function StringList({ html, placeAt }: { html: string; placeAt: { current: ReaderPlace | null } }) {
  const node = useRef<HTMLDivElement>(null);
  useBrowserLayoutEffect(() => {
    const list = node.current;
    // A layout effect's cleanup runs before React removes the list's nodes, while they still hold the focus.
    return () => {
      if (list) placeAt.current = readerPlace(list);
    };
  }, [placeAt]);
  return <div ref={node} className="comment-list" data-quote-root="" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function CommentItem({ c: original, ctx, pinned = false }: { c: CommentView; ctx: Ctx; pinned?: boolean }) {
  const { tr } = ctx;
  const {
    c,
    domId,
    html,
    authorId,
    canWrite,
    replyOpen,
    editOpen,
    isMostUseful,
    name,
    children,
    visible,
    folded,
    foldOpen,
    permalink,
    className,
    header,
  } = commentParts(original, ctx, pinned);

  return (
    <article id={domId} className={className} aria-labelledby={authorId} tabIndex={-1}>
      {isMostUseful && !pinned ? (
        <header className="comment-meta">
          {headerChildren(header)}
          <span className="badge badge-useful" title={tr("comment.mostUsefulTitle")}>
            <Icon name="star" /> {tr("comment.mostUseful")}
          </span>
        </header>
      ) : (
        <header className="comment-meta" dangerouslySetInnerHTML={{ __html: headerHtml(header) }} />
      )}

      {c.state === "deleted" ? <p className="comment-placeholder">{tr("comment.deleted")}</p> : null}
      {c.state === "hidden" ? (
        <p className="comment-placeholder">
          {c.hiddenReason ? tr("comment.hiddenReason", { reason: c.hiddenReason }) : tr("comment.hidden")}
        </p>
      ) : null}
      {html && !editOpen ? (
        // Rendered on the server from a document checked against the comment schema.
        <div className="rich-text comment-body" dangerouslySetInnerHTML={{ __html: html }} />
      ) : null}

      {editOpen ? (
        <CommentForm
          formId={`edit-${c.id}`}
          intent="edit"
          commentId={c.id}
          label={tr("form.editLabel")}
          submitLabel={tr("form.submitEdit")}
          initialText={stripText(html)}
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

      {!pinned && c.state !== "deleted" ? commentActions(c, ctx, canWrite, name, isMostUseful) : null}
      {pinned ? (
        <p className="comment-actions">
          <a href={permalink} data-nav="" data-keep-scroll="">
            {tr("comment.permalink")}
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
            label={tr("form.replyLabel", { name: name || tr("comment.deleted") })}
            submitLabel={tr("form.submitReply")}
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
              <summary>{tr("comment.moreReplies", { count: folded.length })}</summary>
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

/** The header's markup as JSX: the most useful comment's (with its badge); others use headerHtml, which writes the same. */
export function headerChildren(h: HeaderParts): ReactNode {
  return (
    <>
      {h.authorHref ? (
        <a id={h.authorId} href={h.authorHref} className="comment-author" data-nav="">
          {h.authorText}
        </a>
      ) : (
        <span id={h.authorId} className="comment-author">
          {h.authorText}
        </span>
      )}
      {h.replying ? <span className="comment-replying">{h.replying}</span> : null}
      {/* The visible time is the link's name (a label replacing it would hide it from voice control); one shared hint describes it. */}
      <a href={h.permalink} className="comment-time" data-nav="" data-keep-scroll="" aria-describedby={PERMALINK_HINT}>
        {h.time}
      </a>
      {h.edited ? <span className="comment-edited">({h.edited})</span> : null}
    </>
  );
}

/**
 * A comment's action bar (not for the pinned copy). Before hydration, and for a
 * reader (nothing in it acts in place), it is one string (actionsHtml, ADR 057);
 * a failed form of this comment and a member's hydrated bar render as JSX.
 */
function commentActions(c: CommentView, ctx: Ctx, canWrite: boolean, name: string, isMostUseful: boolean) {
  const failed = ctx.failure?.formId.endsWith(c.id) ? ctx.failure.formId : null;
  if (!failed && (!ctx.hydrated || !ctx.viewer.signedIn)) {
    const html = actionsHtml(actionParts(c, ctx, canWrite, name, isMostUseful));
    return <div className="comment-actions" dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return actionsJsx(c, ctx, canWrite, name, isMostUseful);
}

export function actionParts(
  c: CommentView,
  ctx: Ctx,
  canWrite: boolean,
  name: string,
  isMostUseful: boolean,
): ActionParts {
  const ok = c.state === "ok";
  return {
    id: c.id,
    ok,
    canWrite,
    voted: c.voted,
    count: c.helpfulCount,
    can: c.can,
    hidden: c.state === "hidden",
    mostUseful:
      ctx.viewer.isCaseAuthor && ok && c.author.username
        ? { formId: commentFormId("most-useful", c.id), marked: isMostUseful }
        : null,
    report: canWrite && ok && !c.can.edit && Boolean(c.author.username),
    slug: ctx.slug,
    name,
    labels: ctx.labels,
  };
}

/** The action bar as JSX: the reference markup of actionsHtml (comment-markup.test.ts), and the live bar. */
export function actionsJsx(c: CommentView, ctx: Ctx, canWrite: boolean, name: string, isMostUseful: boolean) {
  const { tr } = ctx;
  const ok = c.state === "ok";
  const replyHref = `?replyTo=${c.id}#reply-${c.id}`;
  const ids = {
    del: commentFormId("delete", c.id),
    useful: commentFormId("most-useful", c.id),
    hide: commentFormId("hide", c.id),
    unhide: commentFormId("unhide", c.id),
  };
  // The page's failed submission (without JavaScript), when it was one of this comment's forms.
  const failed = ctx.failure?.formId.endsWith(c.id) ? ctx.failure.formId : null;
  const hideFailure = failed ? pageFailure(ctx, ids.hide) : undefined;
  const hideErrors = submissionErrors(hideFailure, "reason", "");
  const typedReason = hideFailure?.initialValue?.reason;
  const pageErrors = failed
    ? [ids.del, ids.useful, ids.unhide].flatMap((id) => submissionErrors(pageFailure(ctx, id)))
    : [];
  return (
    <div className="comment-actions">
      {ok ? (
        canWrite && ctx.hydrated ? (
          <LiveCommentVote c={c} ctx={ctx} />
        ) : (
          commentVote(c, ctx, canWrite, c.voted, c.helpfulCount)
        )
      ) : null}
      {canWrite && ok ? (
        <a
          href={replyHref}
          className="link-button"
          aria-label={tr("comment.replyTo", { name })}
          data-nav=""
          data-keep-scroll=""
          onClick={(e) => {
            if (!ctx.hydrated) return;
            e.preventDefault();
            ctx.setReply(ctx.reply?.id === c.id ? null : { id: c.id, doc: null });
          }}
        >
          {tr("comment.reply")}
        </a>
      ) : null}
      {canWrite && ok && ctx.hydrated ? (
        <button
          type="button"
          className="link-button"
          aria-label={tr("comment.quoteTo", { name })}
          // Keep the reader's selection: the click must not clear it first.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() =>
            ctx.setReply({ id: c.id, doc: quoteDoc(tr("comment.quoteWrote", { name }), quotedText(c.id)) })
          }
        >
          {tr("comment.quote")}
        </button>
      ) : null}
      {c.can.edit ? (
        <a
          href={`?edit=${c.id}#c-${c.id}`}
          className="link-button"
          data-nav=""
          data-keep-scroll=""
          onClick={(e) => {
            if (!ctx.hydrated) return;
            e.preventDefault();
            ctx.setEditing(c.id);
          }}
        >
          {tr("comment.edit")}
        </a>
      ) : null}
      {c.can.delete ? (
        // Submits the discussion's shared delete form (its handler asks for confirmation).
        <button type="submit" form={DELETE_FORM} name="commentId" value={c.id} className="link-button">
          {tr("comment.delete")}
        </button>
      ) : null}
      {ctx.viewer.isCaseAuthor && ok && c.author.username ? (
        <form method="post" className="inline-form" data-fetcher-key={ids.useful} onSubmit={ctx.submitForm}>
          <input type="hidden" name="intent" value="most-useful" />
          <input type="hidden" name="formId" value={ids.useful} />
          <input type="hidden" name="commentId" value={isMostUseful ? "" : c.id} />
          {ctx.hydrated ? <input type="hidden" name="js" value="1" /> : null}
          <button type="submit" className="link-button" aria-pressed={isMostUseful}>
            {isMostUseful ? tr("comment.clearMostUseful") : tr("comment.markMostUseful")}
          </button>
        </form>
      ) : null}
      {canWrite && ok && !c.can.edit && c.author.username ? (
        <a
          href={`/report?type=comment&id=${c.id}`}
          className="link-button"
          aria-label={tr("moderation:report.commentLink", { name })}
        >
          {tr("moderation:report.link")}
        </a>
      ) : null}
      {c.can.history ? (
        <a href={`/cases/${ctx.slug}/comments/${c.id}/history`} data-nav="">
          {tr("comment.history")}
        </a>
      ) : null}
      {c.can.hide ? (
        c.state === "hidden" ? (
          <form method="post" className="inline-form" onSubmit={ctx.submitPage}>
            <input type="hidden" name="intent" value="unhide" />
            <input type="hidden" name="formId" value={ids.unhide} />
            <input type="hidden" name="commentId" value={c.id} />
            <button type="submit" className="link-button">
              {tr("comment.unhide")}
            </button>
          </form>
        ) : (
          <details className="hide-comment" open={hideErrors.length > 0 || undefined}>
            <summary>{tr("comment.hide")}</summary>
            {/* The button carries the comment's id; the server names the form hide-<id> (commentFormId). */}
            <form method="post" className="inline-form" onSubmit={ctx.submitPage}>
              <input type="hidden" name="intent" value="hide" />
              <label>
                {tr("comment.hideReason")}{" "}
                <input
                  name="reason"
                  required
                  maxLength={REASON_MAX}
                  defaultValue={typeof typedReason === "string" ? typedReason : undefined}
                  aria-invalid={hideErrors.length > 0 || undefined}
                  aria-describedby={hideErrors.length > 0 ? `${ids.hide}-error` : undefined}
                />
              </label>
              <button type="submit" name="commentId" value={c.id} className="button-small">
                {tr("comment.hideSubmit")}
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

/**
 * A comment's helpful button: for a member, a submit button of the discussion's
 * shared vote form carrying the comment's id; for others, the count. The thumb
 * is drawn by CSS (.vote-thumb), not an inline SVG: two elements fewer per comment.
 */
function commentVote(c: CommentView, ctx: Ctx, enabled: boolean, voted: boolean, count: number, error?: ReactNode) {
  const label = ctx.tr("vote.label", { count });
  if (!enabled) {
    return (
      <span className="vote vote-static vote-small vote-thumb" role="img" aria-label={label}>
        {count}
      </span>
    );
  }
  return (
    <>
      <button
        type="submit"
        form={VOTE_FORM}
        name="targetId"
        value={c.id}
        className={`vote vote-small vote-thumb${voted ? " vote-on" : ""}`}
        aria-pressed={voted}
        aria-label={label}
      >
        {count}
      </button>
      {error}
    </>
  );
}

/**
 * The vote a button shows: its submission at once (optimistic: the toggle before the
 * server answers), then the server's answer, else what the page was rendered with.
 */
function useShownVote(formId: string, voted: boolean, count: number) {
  const fetcher = useFetcher<FormResult>({ key: formId });
  const result = fetcher.data;
  if (fetcher.formData) return { fetcher, voted: !voted, count: count + (voted ? -1 : 1) };
  if (result?.ok && result.vote) return { fetcher, ...result.vote };
  return { fetcher, voted, count };
}

/** After hydration: the same button, showing its submission at once (optimistic) and the server's answer. */
function LiveCommentVote({ c, ctx }: { c: CommentView; ctx: Ctx }) {
  const { fetcher, voted, count } = useShownVote(voteFormId("comment", c.id), c.voted, c.helpfulCount);
  const result = fetcher.data;
  const error =
    result && !result.ok ? (
      <span className="field-error" role="alert">
        {submissionErrors(result.result).map(ctx.errorText).join(" ")}
      </span>
    ) : null;
  return commentVote(c, ctx, true, voted, count, error);
}

/** The helpful button of a case (comments render commentVote with the discussion's shared translate function). */
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
  const { fetcher, voted, count } = useShownVote(
    voteFormId(props.targetType, props.targetId),
    props.voted,
    props.count,
  );
  const result = fetcher.data;
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
