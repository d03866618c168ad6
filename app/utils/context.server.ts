// Builds the AppLoadContext every loader and action receives: the signed-in user,
// the request's locale, its CSP nonce and id. Run once per request by the Express
// server (through entry.server.tsx) and by the integration tests' request helper.
import { authenticate, type SessionUser } from "~/auth/session.server.ts";
import { resolveLocale } from "~/i18n/detect.server.ts";
import type { Locale } from "~/i18n/config.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    user: SessionUser | null;
    sessionId: string | null;
    locale: Locale;
    cspNonce: string;
    requestId: string;
    /** Whether the request reached us over HTTPS (X-Forwarded-Proto counts when TRUST_PROXY is set). */
    secure: boolean;
    clientIp: string;
    /**
     * True while rendering the one copy of a page that all signed-in members who
     * run the page's script share (ADR 015): no user is known, nothing personal may
     * appear, and pages show what a verified member sees; each member's own state
     * arrives afterwards from /resources/viewer-state.
     */
    sharedRender: boolean;
    /**
     * True when the request renders an HTML document, false for the data
     * requests of client navigation (`….data`): a loader may leave out of a
     * document's serialized data what the markup already holds (ADR 054).
     */
    document?: boolean;
  }
}

export interface ContextInput {
  url: string;
  cookie: string | null;
  acceptLanguage: string | null;
  secure: boolean;
  clientIp: string;
  cspNonce: string;
  requestId: string;
  /** Render the members' shared copy: the session cookie is not read. */
  shared?: boolean;
}

export async function buildLoadContext(input: ContextInput) {
  // No dbReady() here: Prisma's connection sets its pragmas when it opens, on the first write, and a
  // request that only reads never opens it (its query compiler stays unloaded, issue 15.4).
  const auth = input.shared
    ? { user: null, sessionId: null, setCookie: null }
    : await authenticate(input.cookie, { secure: input.secure });
  const locale = resolveLocale({
    url: input.url,
    userLocale: auth.user?.locale ?? null,
    cookie: input.cookie,
    acceptLanguage: input.acceptLanguage,
  });
  return {
    context: {
      user: auth.user,
      sessionId: auth.sessionId,
      locale,
      cspNonce: input.cspNonce,
      requestId: input.requestId,
      secure: input.secure,
      clientIp: input.clientIp,
      sharedRender: Boolean(input.shared),
      document: !/\.data(?:[?#]|$)/.test(input.url),
    },
    setCookie: auth.setCookie,
  };
}
