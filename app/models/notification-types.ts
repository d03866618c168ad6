// Where a notification type's sentence lives. Types written before issue 12 are
// under common:notifications.<type>; newer features keep theirs in their own
// namespace ("moderation.caseHidden" → moderation:notifications.caseHidden), so
// each feature's texts stay in its files. Used by the page and the mail digest.
const OWN_NAMESPACE = ["moderation", "onboarding", "activity"] as const;

export function notificationTextKey(type: string): string {
  const dot = type.indexOf(".");
  const prefix = dot > 0 ? type.slice(0, dot) : "";
  return (OWN_NAMESPACE as readonly string[]).includes(prefix)
    ? `${prefix}:notifications.${type.slice(dot + 1)}`
    : `common:notifications.${type}`;
}
