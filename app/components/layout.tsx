import { AppLink } from "~/components/app-link.tsx";
import { can } from "~/auth/permissions.ts";
import { Form, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LOCALES, LOCALE_LABELS } from "~/i18n/config.ts";
import { useRootData } from "~/utils/root-data.ts";
import { useEffect, useRef } from "react";
import { useDismissableDetails } from "./use-dismissable-details.ts";
import { Icon } from "./icons.tsx";

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
  const menuRef = useRef<HTMLDetailsElement>(null);
  useDismissableDetails(menuRef, user?.id);
  // A members' shared render: the member arrives with their state (root clientLoader).
  if (!user && data?.shared) return <div className="user-menu" aria-busy="true" />;
  if (!user) {
    return (
      <div className="user-menu">
        <AppLink to="/login">{t("nav.login")}</AppLink>
        <AppLink to="/signup" className="button button-small">
          {t("nav.signup")}
        </AppLink>
      </div>
    );
  }
  return (
    <div className="user-menu">
      <AppLink to="/notifications" className="bell" aria-label={t("nav.notifications", { count: user.unread })}>
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
      </AppLink>
      {user.canReview && user.pendingAffiliations > 0 ? (
        <AppLink to="/admin/affiliations" className="header-pending">
          {t("onboarding:header.pendingAffiliations", { count: user.pendingAffiliations })}
        </AppLink>
      ) : null}
      <details className="menu" ref={menuRef}>
        {/* The accessible name starts with the visible one (WCAG 2.5.3). */}
        <summary>
          {user.displayName}
          <span className="sr-only"> ({t("nav.accountMenu")})</span>
        </summary>
        <ul>
          <li>
            <AppLink to={`/u/${user.username}`}>{t("nav.profile")}</AppLink>
          </li>
          <li>
            <AppLink to="/feed">{t("follow:nav.feed")}</AppLink>
          </li>
          <li>
            <AppLink to="/cases/drafts">{t("nav.drafts")}</AppLink>
          </li>
          <li>
            <AppLink to="/affiliation">{t("nav.affiliation")}</AppLink>
          </li>
          <li>
            <AppLink to="/settings">{t("nav.settings")}</AppLink>
          </li>
          {user.canReview ? (
            <li>
              <AppLink to="/admin/affiliations">{t("nav.affiliationQueue")}</AppLink>
            </li>
          ) : null}
          {user.canModerate ? (
            <li>
              <AppLink to="/moderation">{t("moderation:nav.queue")}</AppLink>
            </li>
          ) : null}
          {can(user, "read:insights:any") ? (
            <li>
              <AppLink to="/insights">{t("insights:nav")}</AppLink>
            </li>
          ) : null}
          {user.canAdmin ? (
            <>
              <li>
                <AppLink to="/admin/users">{t("nav.users")}</AppLink>
              </li>
              <li>
                <AppLink to="/admin/topics">{t("nav.topics")}</AppLink>
              </li>
              <li>
                <AppLink to="/admin/bases">{t("registry:nav")}</AppLink>
              </li>
              <li>
                <AppLink to="/admin/audit">{t("nav.audit")}</AppLink>
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
  const data = useRootData();
  const location = useLocation();
  const menuRef = useRef<HTMLDetailsElement>(null);
  useDismissableDetails(menuRef, data?.user?.id);
  // A followed link closes the phone menu (the header stays mounted across navigations).
  useEffect(() => {
    if (menuRef.current) menuRef.current.open = false;
  }, [location.pathname, location.search]);
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t("nav.skip")}
      </a>
      <div className="container header-row">
        <AppLink to="/" className="brand">
          {t("appName")}
        </AppLink>
        {/* Phones (issue 12.12): the navigation, account and language collapse behind a
            "Menu" disclosure; a <details> opens without JavaScript and by keyboard. On
            wider screens its summary is hidden and its content always shown (app.css). */}
        <details className="site-menu" ref={menuRef}>
          <summary className="site-menu-toggle">
            <Icon name="menu" />
            {t("nav.menu")}
          </summary>
          <div className="site-menu-body">
            <nav aria-label={t("nav.main")} className="main-nav">
              <NavLink to="/cases">{t("nav.cases")}</NavLink>
              <NavLink to="/bases">{t("nav.bases")}</NavLink>
              <NavLink to="/search">{t("nav.search")}</NavLink>
            </nav>
            <UserMenu />
            <LanguageSwitch />
          </div>
        </details>
        <form method="get" action="/search" role="search" className="header-search">
          <label htmlFor="header-q" className="sr-only">
            {t("nav.searchLabel")}
          </label>
          <input id="header-q" name="q" type="search" placeholder={t("nav.searchPlaceholder")} maxLength={200} />
        </form>
      </div>
    </header>
  );
}

/** A footer link: our own pages through the router, an administrator's https address as a plain link. */
function FooterLink({ href, children }: { href: string; children: React.ReactNode }) {
  return href.startsWith("/") ? <AppLink to={href}>{children}</AppLink> : <a href={href}>{children}</a>;
}

export function SiteFooter() {
  const { t } = useTranslation();
  const footer = useRootData()?.footer;
  // The public-security filing links to its record by the number's digits.
  const policeCode = footer?.police.match(/\d{6,}/)?.[0];
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t("footer.about")}</p>
        {footer ? (
          <>
            <nav aria-label={t("privacy:footer.label")}>
              <ul className="footer-links">
                <li>
                  <FooterLink href={footer.aboutUrl}>{t("privacy:footer.about")}</FooterLink>
                </li>
                <li>
                  <FooterLink href={footer.privacyUrl}>{t("privacy:footer.privacy")}</FooterLink>
                </li>
                <li>
                  <FooterLink href={footer.termsUrl}>{t("privacy:footer.terms")}</FooterLink>
                </li>
                <li>
                  <AppLink to="/contact">{t("privacy:footer.contact")}</AppLink>
                </li>
              </ul>
            </nav>
            {footer.icp || footer.police ? (
              <p className="footer-filings">
                {footer.icp ? (
                  <a href="https://beian.miit.gov.cn/" rel="noopener noreferrer">
                    {footer.icp}
                  </a>
                ) : null}
                {footer.police ? (
                  policeCode ? (
                    <a href={`https://beian.mps.gov.cn/#/query/webSearch?code=${policeCode}`} rel="noopener noreferrer">
                      {footer.police}
                    </a>
                  ) : (
                    <span>{footer.police}</span>
                  )
                ) : null}
              </p>
            ) : null}
          </>
        ) : null}
      </div>
    </footer>
  );
}
