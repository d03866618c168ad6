// The signed-in member's own state for a page served from the members' shared
// render (server/page-cache.ts, ADR 015): who they are (the header), and on a case
// page their votes, follow, own comments and moderation controls. Fetched once
// per page load by the clientLoaders of root.tsx and the case page, which both
// wait for the same request.
import type { RootData } from "~/utils/root-data.ts";
import type { CommentPatch, CommentView } from "~/models/comment.server.ts";
import type { DiscussionViewer } from "~/features/discussion/discussion.tsx";
import type { loadDiscussion } from "~/features/discussion/discussion.server.ts";
import type { AdoptionViewerState } from "~/models/adoption.server.ts";

/** Set by the browser's script (entry.client.tsx): such a member may be served the shared render. */
export const JS_COOKIE = "bee_js";

export interface CaseViewerState {
  viewer: DiscussionViewer;
  can: { edit: boolean; delete: boolean; moderate: boolean; translate: boolean };
  following: boolean;
  /** Their bookmark (收藏) of this case. */
  bookmarked: boolean;
  caseVoted: boolean;
  /** Changes to single comments (members), or null when `discussion` replaces the page's comments (moderators). */
  comments: Record<string, CommentPatch> | null;
  discussion: Awaited<ReturnType<typeof loadDiscussion>> | null;
  /** May they record an adoption of this case, and their base's own (ADR 027). */
  adoption: AdoptionViewerState;
}

export interface ViewerState {
  user: RootData["user"];
  locale: string | null;
  case: CaseViewerState | null;
}

/**
 * True in a browser showing a members' shared render (root.tsx marks its <html>).
 * The clientLoaders run on hydration only then: on every other page, running them
 * would re-render the whole page once more right after hydration, for nothing.
 */
export function isSharedRenderPage(): boolean {
  return typeof document !== "undefined" && document.documentElement.hasAttribute("data-shared-render");
}

let pending: { page: string; state: Promise<ViewerState> } | null = null;

/** Set once the document starts to unload (a full navigation away, a reload). */
let leavingPage = false;
if (typeof window !== "undefined") {
  window.addEventListener("beforeunload", () => (leavingPage = true));
  window.addEventListener("pagehide", () => (leavingPage = true));
  // Back to this page from the back/forward cache: it is in use again.
  window.addEventListener("pageshow", () => (leavingPage = false));
}

const FALLBACK_FLAG = "bee-viewer-state-fallback";

/**
 * Without its member's state the shared copy would stay a generic member's page:
 * if the state cannot be had, the browser drops the script's cookie and loads the
 * page again, which is then rendered for the member (once per tab session, so a
 * lasting failure cannot loop).
 */
function fallBackToOwnRender(error: unknown): Promise<never> {
  // The member left the page before their state arrived (a link followed during
  // loading cancels the request): reloading now would pull them back to this page.
  if (leavingPage) return new Promise<never>(() => {});
  if (sessionStorage.getItem(FALLBACK_FLAG)) throw error;
  sessionStorage.setItem(FALLBACK_FLAG, "1");
  document.cookie = `${JS_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  window.location.reload();
  return new Promise<never>(() => {}); // the page is going away
}

export function viewerState(): Promise<ViewerState> {
  const page = window.location.pathname + window.location.search;
  if (pending?.page !== page) {
    const state = fetch(`/resources/viewer-state?page=${encodeURIComponent(page)}`, {
      headers: { accept: "application/json" },
      credentials: "same-origin",
    })
      .then((r) => {
        if (!r.ok) throw new Error(`viewer state: ${r.status}`);
        return r.json() as Promise<ViewerState>;
      })
      .catch(fallBackToOwnRender);
    pending = { page, state };
  }
  return pending.state;
}

interface CasePageParts {
  shared: boolean;
  viewer: DiscussionViewer;
  can: CaseViewerState["can"];
  following: boolean;
  bookmarked: boolean;
  discussion: { caseVoted: boolean; threads: CommentView[]; mostUseful: CommentView | null };
  adoption: AdoptionViewerState;
}

/** The case page's data as the loader would have built it for this member, from the shared render's data and their state. */
export function withCaseViewerState<T extends CasePageParts>(data: T, state: CaseViewerState): T {
  const patch = (c: CommentView): CommentView => {
    const p = state.comments?.[c.id];
    const children = c.children.length ? c.children.map(patch) : c.children;
    // The shared render has no votes, so a patch's `voted: true` is the only vote to apply.
    return p || children !== c.children ? { ...c, ...p, children } : c;
  };
  const discussion = state.discussion
    ? { ...data.discussion, ...state.discussion }
    : {
        ...data.discussion,
        caseVoted: state.caseVoted,
        threads: data.discussion.threads.map(patch),
        mostUseful: data.discussion.mostUseful && patch(data.discussion.mostUseful),
      };
  return {
    ...data,
    shared: false,
    viewer: state.viewer,
    can: state.can,
    following: state.following,
    bookmarked: state.bookmarked,
    discussion,
    adoption: state.adoption,
  };
}
