// Links to the app's own pages without a router hook per link (issue 15.1, ADR 056).
//
// Remix's <Link> renders a plain <a href data-discover> on the server, but gets there
// through React Router's <Link>: two useHref and three useResolvedPath per link (each
// serializes and parses the matched routes' paths), a navigate function, prefetch
// state and a click handler. The uncached pages render 30–100 links (cards, tags, the
// header and footer), and that work was ~5 % of their CPU. A link whose target is
// an absolute path needs none of it: <AppLink> renders the same <a> as <Link> would,
// and one click listener for the whole document (useAppLinkNavigation, in the root
// layout) makes a plain left click on such a link a client-side navigation, as
// <Link>'s own handler did. `data-discover` is kept: Remix's route discovery still
// fetches the routes of links shown on the page.
import { Link, useNavigate, type LinkProps } from "@remix-run/react";
import { useEffect } from "react";

/** Props <Link> handles itself: a link with any of them stays a <Link>. */
const ROUTER_PROPS = [
  "reloadDocument",
  "replace",
  "state",
  "preventScrollReset",
  "relative",
  "viewTransition",
  "prefetch",
  "discover",
  "target",
] as const;

/** `to` as an absolute path of this site ("/cases/x?y=1"), or null for anything <Link> must resolve. */
function sitePath(to: LinkProps["to"]): string | null {
  return typeof to === "string" && to.startsWith("/") && !to.startsWith("//") ? to : null;
}

/** A <Link> to an absolute path, rendered without router hooks; any other link is a <Link>. */
export function AppLink(props: LinkProps) {
  const path = sitePath(props.to);
  if (path === null || ROUTER_PROPS.some((p) => props[p] !== undefined)) return <Link {...props} />;
  const { to: _to, ...rest } = props;
  // The content is the caller's children, in `rest` (as with <Link>).
  // eslint-disable-next-line jsx-a11y/anchor-has-content
  return <a {...rest} data-discover="true" href={path} />;
}

/** What a click asks for, as useAppLinkNavigation sees it. */
export interface LinkClick {
  defaultPrevented: boolean;
  button: number;
  metaKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
}

/**
 * The path a click on one of the app's links navigates to in the page, or null when the
 * browser should handle it: as React Router's link click handler decides (a plain left
 * click, no other target window), for an <a data-discover> with an absolute path. A
 * click another handler took (a <Link>'s own) is left alone.
 */
export function clickedSitePath(event: LinkClick): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return null;
  const anchor = (event.target as Element | null)?.closest?.("a[data-discover]");
  if (!anchor) return null;
  const target = anchor.getAttribute("target");
  if ((target && target !== "_self") || anchor.hasAttribute("download")) return null;
  return sitePath(anchor.getAttribute("href") ?? "");
}

/** Client-side navigation for the document's <AppLink>s (once, in the root layout). */
export function useAppLinkNavigation() {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const to = clickedSitePath(event);
      if (to === null) return;
      event.preventDefault();
      // As <Link> does: the same address again replaces the history entry.
      const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
      void navigate(to, { replace: here === to });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
