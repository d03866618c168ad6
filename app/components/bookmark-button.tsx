// Bookmark (收藏) toggle for a case. A form that works without JavaScript (POST
// to /resources/bookmark, redirect back); once hydrated it submits with a fetcher
// and shows the new state at once. Visitors get a "log in to bookmark" link.
import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

export function BookmarkButton({
  caseId,
  bookmarked,
  signedIn,
}: {
  caseId: string;
  bookmarked: boolean;
  signedIn: boolean;
}) {
  const { t } = useTranslation("profile");
  const location = useLocation();
  const fetcher = useFetcher<{ ok: boolean; error: string | null; bookmarked: boolean | null }>();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const here = location.pathname + location.search;

  if (!signedIn) {
    return (
      <Link className="button button-secondary" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
        {t("bookmarks.login")}
      </Link>
    );
  }
  const pending = fetcher.formData?.get("intent");
  const shown =
    pending === "bookmark" ? true : pending === "unbookmark" ? false : (fetcher.data?.bookmarked ?? bookmarked);
  return (
    <fetcher.Form method="post" action="/resources/bookmark" className="follow-form bookmark-form">
      <input type="hidden" name="caseId" value={caseId} />
      <input type="hidden" name="redirectTo" value={here} />
      {hydrated ? <input type="hidden" name="_fetcher" value="1" /> : null}
      {/* A toggle: the name stays "Bookmark", aria-pressed carries the state. */}
      <button
        type="submit"
        name="intent"
        value={shown ? "unbookmark" : "bookmark"}
        className={shown ? "button-secondary bookmark-button bookmark-button-on" : "button-secondary bookmark-button"}
        aria-pressed={shown}
      >
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 14 14" focusable="false">
          <path
            d="M3 1.5h8v11l-4-3-4 3z"
            fill={shown ? "currentColor" : "none"}
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinejoin="round"
          />
        </svg>{" "}
        {t("bookmarks.button")}
      </button>
      {fetcher.data?.error ? (
        <span className="form-error" role="alert">
          {t(fetcher.data.error)}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
