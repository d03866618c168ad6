// Role-based permissions as strings `action:entity:scope` (scope own|any).
// The server decides with requirePermission (guards.server.ts); the UI uses
// can() only to hide controls a user could not use anyway. Each role has
// everything the one before it has: member < moderator < ministry < admin
// (the full list per role is in docs/decisions/024-ministry-curation.md).
export const ROLES = ["member", "moderator", "ministry", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

const MEMBER = [
  "update:user:own",
  "request:affiliation:own",
  "create:case:own",
  "update:case:own",
  "delete:case:own",
  "create:comment:own",
  "update:comment:own",
  "delete:comment:own",
  // Roll-out and community (issues 11 and 12); the affiliation is checked where it matters.
  "submit:call:own",
  "record:adoption:own",
  "create:report:own",
  "create:bookmark:own",
] as const;

const MODERATOR = [
  ...MEMBER,
  "review:affiliation:any",
  "update:case:any",
  "delete:case:any",
  "hide:case:any",
  "hide:comment:any",
  "delete:comment:any",
  "read:comment-history:any",
  "review:report:any",
  "lock:case:any",
  "approve:post:any",
  // From the moderation queue only, and only members (never staff): ADR 035.
  "suspend:user:reported",
] as const;

// Ministry staff (商务部): moderation plus curating and measuring the roll-out.
const MINISTRY = [
  ...MODERATOR,
  "manage:call:any",
  "decide:submission:any",
  "manage:collection:any",
  "export:compendium:any",
  "read:insights:any",
] as const;

const ADMIN = [
  ...MINISTRY,
  "update:user:any",
  "update:role:any",
  "suspend:user:any",
  "read:audit:any",
  "manage:topic:any",
  "manage:base:any",
  "manage:settings:any",
  "publish:case:any-base",
] as const;

export type Permission = (typeof ADMIN)[number];

const BY_ROLE: Record<Role, ReadonlySet<Permission>> = {
  member: new Set(MEMBER),
  moderator: new Set(MODERATOR),
  ministry: new Set(MINISTRY),
  admin: new Set(ADMIN),
};

export function can(user: { role: string } | null | undefined, permission: Permission): boolean {
  if (!user || !isRole(user.role)) return false;
  return BY_ROLE[user.role].has(permission);
}

/** Every permission of a role, for the ADR's table and the admin page. */
export function permissionsOf(role: Role): readonly Permission[] {
  return [...BY_ROLE[role]];
}
