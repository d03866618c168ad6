// The table of roles and their permission strings that ADR 024 shows, built from
// permissionsOf() so the ADR can be checked against the code (permissions.test.ts)
// and rewritten by `npx tsx scripts/adr-permissions.ts --write`.
import { permissionsOf, ROLES, type Permission } from "./permissions.ts";

export const TABLE_START = "<!-- permission-table:start (generated from app/auth/permissions.ts) -->";
export const TABLE_END = "<!-- permission-table:end -->";

/** A Markdown table: one row per permission string (in the order roles gain them), one column per role. */
export function permissionTableMarkdown(): string {
  const all: Permission[] = [];
  for (const role of ROLES) for (const p of permissionsOf(role)) if (!all.includes(p)) all.push(p);
  const held = Object.fromEntries(ROLES.map((r) => [r, new Set(permissionsOf(r))]));
  const lines = [
    `| permission | ${ROLES.join(" | ")} |`,
    `| --- | ${ROLES.map(() => ":---:").join(" | ")} |`,
    ...all.map((p) => `| \`${p}\` | ${ROLES.map((r) => (held[r]!.has(p) ? "✓" : "")).join(" | ")} |`),
    "",
    `Counts: ${ROLES.map((r) => `${r} ${permissionsOf(r).length}`).join(", ")}.`,
  ];
  return lines.join("\n");
}

/** The ADR text with the generated block replaced (markers kept). */
export function withPermissionTable(adr: string): string {
  const start = adr.indexOf(TABLE_START);
  const end = adr.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error("the ADR has no permission-table markers");
  return `${adr.slice(0, start + TABLE_START.length)}\n\n${permissionTableMarkdown()}\n\n${adr.slice(end)}`;
}
