// The signed-in member as the site header shows them (root.tsx's loader and
// /resources/viewer-state, which fills in the header of a shared render).
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { unreadNotificationCount } from "~/models/notification.server.ts";
import { pendingAffiliationCount } from "~/models/affiliation.server.ts";

export async function headerUser(user: SessionUser) {
  const canReview = can(user, "review:affiliation:any");
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    emailVerified: user.emailVerified,
    baseVerified: user.baseVerified,
    canReview,
    canModerate: can(user, "review:report:any"),
    // Reviewers see how many affiliation requests wait, on every page (issue 12.9).
    pendingAffiliations: canReview ? await pendingAffiliationCount() : 0,
    canAdmin: can(user, "read:audit:any"),
    // Read with the session on every request (session.server.ts); counted here for a user built otherwise.
    unread: user.unreadNotifications ?? (await unreadNotificationCount(user.id)),
  };
}
