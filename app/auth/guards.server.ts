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

/** Only same-site relative paths, so ?redirectTo= cannot send people elsewhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
