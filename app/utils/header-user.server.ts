// The signed-in member as the site header shows them (root.tsx's loader and
// /resources/viewer-state, which fills in the header of a shared render).
import { can } from "~/auth/permissions.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import { unreadNotificationCount } from "~/models/notification.server.ts";

export async function headerUser(user: SessionUser) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    emailVerified: user.emailVerified,
    baseVerified: user.baseVerified,
    canReview: can(user, "review:affiliation:any"),
    canAdmin: can(user, "read:audit:any"),
    unread: await unreadNotificationCount(user.id),
  };
}
