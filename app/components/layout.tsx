import { can } from "~/auth/permissions.ts";
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LOCALES, LOCALE_LABELS } from "~/i18n/config.ts";
import { useRootData } from "~/utils/root-data.ts";

function LanguageSwitch() {
  const { t } = useTranslation();
  const data = useRootData();
  const location = useLocation();
  const current = data?.locale ?? "zh-CN";
  return (
    <nav aria-label={t("nav.language")} className="lang-switch">
      {LOCALES.map((l) => {
        const params = new URLSearchParams(location.search);
        params.delete("lang");
        if (l === current) {
          return (
            <span key={l} aria-current="true" lang={l}>
              {LOCALE_LABELS[l]}
            </span>
          );
        }
        // Members: the choice is saved in their settings (which outrank the cookie).
        if (data?.user) {
          return (
            <Form key={l} method="post" action="/resources/locale" reloadDocument className="inline-form">
              <input type="hidden" name="locale" value={l} />
              <input type="hidden" name="redirectTo" value={`${location.pathname}${params.size ? `?${params}` : ""}`} />
              <button type="submit" className="link-button" lang={l}>
                {LOCALE_LABELS[l]}
              </button>
            </Form>
          );
        }
        params.set("lang", l);
        // A full load: every string on the page changes with the language.
        return (
          <a key={l} href={`${location.pathname}?${params}`} lang={l} hrefLang={l}>
            {LOCALE_LABELS[l]}
          </a>
        );
      })}
    </nav>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const data = useRootData();
  const user = data?.user;
  // A members' shared render: the member arrives with their state (root clientLoader).
  if (!user && data?.shared) return <div className="user-menu" aria-busy="true" />;
  if (!user) {
    return (
      <div className="user-menu">
        <Link to="/login">{t("nav.login")}</Link>
        <Link to="/signup" className="button button-small">
          {t("nav.signup")}
        </Link>
      </div>
    );
  }
  return (
    <div className="user-menu">
      <Link to="/notifications" className="bell" aria-label={t("nav.notifications", { count: user.unread })}>
        <svg
          aria-hidden="true"
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {user.unread > 0 ? <span className="badge-count">{user.unread > 99 ? "99+" : user.unread}</span> : null}
      </Link>
      {user.canReview && user.pendingAffiliations > 0 ? (
        <Link to="/admin/affiliations" className="header-pending">
          {t("onboarding:header.pendingAffiliations", { count: user.pendingAffiliations })}
        </Link>
      ) : null}
      <details className="menu">
        <summary>
          <span className="sr-only">{t("nav.accountMenu")}</span>
          <span aria-hidden="true">{user.displayName}</span>
        </summary>
        <ul>
          <li>
            <Link to={`/u/${user.username}`}>{t("nav.profile")}</Link>
          </li>
          <li>
            <Link to="/feed">{t("follow:nav.feed")}</Link>
          </li>
          <li>
            <Link to="/cases/drafts">{t("nav.drafts")}</Link>
          </li>
          <li>
            <Link to="/affiliation">{t("nav.affiliation")}</Link>
          </li>
          <li>
            <Link to="/settings">{t("nav.settings")}</Link>
          </li>
          {user.canReview ? (
            <li>
              <Link to="/admin/affiliations">{t("nav.affiliationQueue")}</Link>
            </li>
          ) : null}
          {user.canModerate ? (
            <li>
              <Link to="/moderation">{t("moderation:nav.queue")}</Link>
            </li>
          ) : null}
          {can(user, "read:insights:any") ? (
            <li>
              <Link to="/insights">{t("insights:nav")}</Link>
            </li>
          ) : null}
          {user.canAdmin ? (
            <>
              <li>
                <Link to="/admin/users">{t("nav.users")}</Link>
              </li>
              <li>
                <Link to="/admin/topics">{t("nav.topics")}</Link>
              </li>
              <li>
                <Link to="/admin/audit">{t("nav.audit")}</Link>
              </li>
            </>
          ) : null}
          <li>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </li>
        </ul>
      </details>
    </div>
  );
}

export function SiteHeader() {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t("nav.skip")}
      </a>
      <div className="container header-row">
        <Link to="/" className="brand">
          {t("appName")}
        </Link>
        <nav aria-label={t("nav.main")} className="main-nav">
          <NavLink to="/cases">{t("nav.cases")}</NavLink>
          <NavLink to="/bases">{t("nav.bases")}</NavLink>
          <NavLink to="/search">{t("nav.search")}</NavLink>
        </nav>
        <form method="get" action="/search" role="search" className="header-search">
          <label htmlFor="header-q" className="sr-only">
            {t("nav.searchLabel")}
          </label>
          <input id="header-q" name="q" type="search" placeholder={t("nav.searchPlaceholder")} maxLength={200} />
        </form>
        <UserMenu />
        <LanguageSwitch />
      </div>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t("footer.about")}</p>
      </div>
    </footer>
  );
}
