// "Send the confirmation link again", used by the settings page and the
// check-your-inbox page. Rate-limited per account and per IP address.
import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "~/auth/session.server.ts";
import { resendVerification } from "~/models/user.server.ts";
import { consume, rateLimitMessage, retryAfterHeader } from "~/utils/rate-limit.server.ts";

export type ResendOutcome =
  | { status: "sent" }
  | { status: "already-verified" }
  | { status: "limited"; message: string; headers: Record<string, string> };

export async function resendVerificationMail(context: AppLoadContext, user: SessionUser): Promise<ResendOutcome> {
  if (user.emailVerified) return { status: "already-verified" };
  const limit = await consume([
    ["verifyMailAccount", user.id],
    ["verifyMailIp", context.clientIp],
  ]);
  if (!limit.ok) {
    return {
      status: "limited",
      message: rateLimitMessage(context.locale, limit.retryAfterMs),
      headers: retryAfterHeader(limit.retryAfterMs),
    };
  }
  const sent = await resendVerification(user.id, context.locale);
  return sent ? { status: "sent" } : { status: "already-verified" };
}
