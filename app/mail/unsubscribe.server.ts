// The unsubscribe token from a digest mail: the member it was signed for, or null.
import type { Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import { UNSUBSCRIBE_PURPOSE } from "~/jobs/notification-mail.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { verifyToken } from "~/utils/secret.server.ts";

export async function unsubscribeTarget(token: string | null | undefined) {
  const userId = verifyToken(UNSUBSCRIBE_PURPOSE, token);
  if (!userId) return null;
  return prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, emailNotifications: true } });
}

/** a***@example.com: enough to recognise one's address, not enough to harvest it from a forwarded link. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

/** What the question page shows for a token (read only: mail scanners open these links). */
export async function unsubscribeQuestion(token: string | null, locale: Locale, done = false) {
  const t = tFor(locale);
  if (done) {
    return {
      done: true,
      valid: true,
      token: null,
      email: null,
      alreadyOff: true,
      meta: { title: `${t("follow:unsubscribe.doneTitle")} · ${t("common:appName")}` },
    };
  }
  const user = await unsubscribeTarget(token);
  const valid = Boolean(user && token);
  return {
    done: false,
    valid,
    token: valid ? token : null,
    email: user ? maskEmail(user.email) : null,
    alreadyOff: user ? !user.emailNotifications : false,
    meta: {
      title: `${t(valid ? "follow:unsubscribe.title" : "follow:unsubscribe.invalidTitle")} · ${t("common:appName")}`,
    },
  };
}
