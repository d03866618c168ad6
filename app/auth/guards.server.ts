// Guards for loaders and actions. Each throws a Response (redirect, 403) so a
// route reads top to bottom: `const user = requireUser(context, request)`.
import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { can, type Permission } from "./permissions.ts";
import type { SessionUser } from "./session.server.ts";

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  if (!context.user) loginRedirect(request);
  return context.user;
}

export function requireAnonymous(context: AppLoadContext): void {
  if (context.user) throw redirect("/");
}

/** Verified email is required to publish, comment or ask for an affiliation. */
export function requireVerifiedUser(context: AppLoadContext, request: Request): SessionUser {
  const user = requireUser(context, request);
  if (!user.emailVerified) throw forbidden("email-unverified");
  return user;
}

export function requirePermission(context: AppLoadContext, request: Request, permission: Permission): SessionUser {
  const user = requireUser(context, request);
  if (!can(user, permission)) throw forbidden("permission");
  return user;
}

export function forbidden(reason: string): Response {
  return new Response(JSON.stringify({ reason }), {
    status: 403,
    headers: { "Content-Type": "application/json" },
  });
}

// Any fixed origin does: only what stays on it survives, as a path.
const REDIRECT_BASE = "https://redirect-check.invalid";
const REDIRECT_MAX = 2000;
// Browsers drop tabs and newlines anywhere in a URL (so "/\t/evil" is "//evil") and
// read "\\" as "/": a path with any of them, or another control character, is refused.
const UNSAFE_IN_REDIRECT = /[\u0000-\u001f\u007f\\]/;

/**
 * A same-origin path for `?redirectTo=`, or `fallback`. The value is parsed as a
 * browser would against our origin; anything that leaves it (`//evil`, `/\t/evil`,
 * `/\\evil`, `/.//evil`) is refused. What comes back is the parser's own
 * serialization: ASCII only (so it is always a valid Location header, whatever
 * Unicode the link carried), and parsing it again gives it back unchanged.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > REDIRECT_MAX || !to.startsWith("/")) return fallback;
  if (UNSAFE_IN_REDIRECT.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a leading "//" ("/.//evil" → "//evil").
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
