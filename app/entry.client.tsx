import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config.ts";
import { createI18n } from "~/i18n/instance.ts";
import { loadResources } from "~/i18n/resources.ts";
import { JS_COOKIE } from "~/features/viewer-state.ts";
import { recordEarlyEdits } from "~/utils/early-edits.ts";
import { nativeNavigationWhileLoading } from "~/utils/native-navigation-while-loading.ts";
import { stopStrayIntentSubmits } from "~/utils/stray-intent-submits.ts";

async function hydrate() {
  // What was typed or chosen before this script ran; put back after hydration (early-edits.ts).
  recordEarlyEdits();
  stopStrayIntentSubmits();
  nativeNavigationWhileLoading();
  const lang = document.documentElement.lang;
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const i18n = createI18n(locale, await loadResources[locale]());
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <RemixBrowser />
        </I18nextProvider>
      </StrictMode>,
    );
  });
}

// This browser runs the pages' script, so as a member it can take the members'
// shared render of a page and fetch its own state after (server/page-cache.ts,
// ADR 015). Without JavaScript the cookie is never set (and /resources/js-off
// clears a stale one), so such members always get pages rendered for them.
document.cookie = `${JS_COOKIE}=1; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax${location.protocol === "https:" ? "; Secure" : ""}`;

void hydrate();
