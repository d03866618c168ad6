// A members' shared render (ADR 015) is still loading after hydration: the root's and the
// case page's clientLoaders run then and wait for the member's state. A link followed before
// they end starts a router navigation during that hydration load, and Remix 2.17 then renders
// the next page without its data (the route's loader is never asked: the adoption form crashed
// into "出错了" with an empty title, stop 24's CI). Until the router has finished that load, a
// click on a link to another page of the site is left to the browser: a document navigation,
// which the server renders for the member.
//
// Submissions are not rerouted: a fetcher's (a comment, a vote) does not navigate, and a form
// sent in the moment before the state arrives would need the typing to happen in it.

/** True while the router is still running the hydration's clientLoaders. */
function routerLoading(win: Window): boolean {
  const router = (win as Window & { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter;
  return router?.state.initialized === false;
}

/**
 * Whether the browser should follow this click itself, the app's handlers skipped: a click
 * on a link to another page of this site while the router is loading.
 */
export function leaveToBrowser(target: EventTarget | null, loading: boolean, origin: string): boolean {
  if (!loading) return false;
  const anchor = (target as Element | null)?.closest?.("a[href]");
  if (!anchor) return false;
  const href = anchor.getAttribute("href") ?? "";
  // Same-page anchors ("#adoptions") only scroll: nothing is loaded.
  if (href.startsWith("#")) return false;
  try {
    return new URL(href, origin).origin === origin;
  } catch {
    return false;
  }
}

/** Installs the listener (once, before hydration): capturing on the window runs before React's handlers. */
export function nativeNavigationWhileLoading(win: Window = window): void {
  win.addEventListener(
    "click",
    (event) => {
      if (leaveToBrowser(event.target, routerLoading(win), win.location.origin)) event.stopPropagation();
    },
    { capture: true },
  );
}
