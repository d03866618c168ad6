// Client-side navigation and assistive technology (issue 12.6). A full page load
// puts a screen reader at the top of the new page and reads its title; a router
// navigation does neither, leaving focus on a link that no longer exists. So,
// after a navigation to another path, focus moves to the new page's <h1> (or its
// <main>) and a polite live region reads the page's title. Left alone:
// - the first render (the browser announced the loaded page itself);
// - changes of the query on the same path (search as you type, filters, sort):
//   focus stays in the control being used;
// - links to a fragment (#comment-…): the browser moves there;
// - a page that moved focus itself on arrival (the "published" notice, an error
//   summary): focus elsewhere than where the navigation started is kept.
import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export function focusPageStart(): void {
  const main = document.getElementById("main");
  if (!main) return;
  const target = main.querySelector<HTMLElement>("h1") ?? main;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  // The router restores or resets the scroll position; focus must not undo that.
  target.focus({ preventScroll: true });
}

export function RouteAnnouncer() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigation = useNavigation();
  const [message, setMessage] = useState("");
  const previousPath = useRef<string | null>(null);
  const focusAtStart = useRef<Element | null>(null);

  useEffect(() => {
    if (navigation.state !== "idle") focusAtStart.current = document.activeElement;
  }, [navigation.state]);

  useEffect(() => {
    const previous = previousPath.current;
    previousPath.current = location.pathname;
    if (previous === null || previous === location.pathname) return;
    const active = document.activeElement;
    const main = document.getElementById("main");
    const movedByPage = active && active !== document.body && active !== focusAtStart.current && main?.contains(active);
    focusAtStart.current = null;
    if (!location.hash && !movedByPage) focusPageStart();
    setMessage(t("nav.pageLoaded", { title: document.title }));
  }, [location.pathname, location.hash, t]);

  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="route-announcer">
      {message}
    </div>
  );
}
