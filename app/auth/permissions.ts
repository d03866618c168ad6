// Role-based permissions as strings `action:entity:scope` (scope own|any).
// The server decides with requirePermission (guards.server.ts); the UI uses
// can() only to hide controls a user could not use anyway.
export const ROLES = ["member", "moderator", "admin"] as const;
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
] as const;

const ADMIN = [
  ...MODERATOR,
  "update:user:any",
  "update:role:any",
  "suspend:user:any",
  "read:audit:any",
  "manage:topic:any",
  "publish:case:any-base",
] as const;

export type Permission = (typeof ADMIN)[number];

const BY_ROLE: Record<Role, ReadonlySet<Permission>> = {
  member: new Set(MEMBER),
  moderator: new Set(MODERATOR),
  admin: new Set(ADMIN),
};

export function can(user: { role: string } | null | undefined, permission: Permission): boolean {
  if (!user || !isRole(user.role)) return false;
  return BY_ROLE[user.role].has(permission);
}
