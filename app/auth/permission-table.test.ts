// ADR 024 lists every role's permission strings; this keeps that table equal to
// the code (run `npx tsx scripts/adr-permissions.ts --write` after changing permissions.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { permissionTableMarkdown, TABLE_END, TABLE_START, withPermissionTable } from "./permission-table.ts";
import { permissionsOf, ROLES } from "./permissions.ts";

const adrPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../docs/decisions/024-ministry-curation.md",
);

describe("ADR 024's permission table", () => {
  it("matches permissionsOf() for every role", () => {
    const adr = fs.readFileSync(adrPath, "utf8");
    const block = adr.slice(adr.indexOf(TABLE_START) + TABLE_START.length, adr.indexOf(TABLE_END)).trim();
    expect(block).toBe(permissionTableMarkdown());
  });

  it("has one row per permission with a mark exactly under the roles that hold it", () => {
    const rows = permissionTableMarkdown()
      .split("\n")
      .filter((l) => l.startsWith("| `"));
    const admin = permissionsOf("admin");
    expect(rows).toHaveLength(admin.length);
    for (const row of rows) {
      const cells = row
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
      const permission = cells[0]!.replaceAll("`", "");
      ROLES.forEach((role, i) => {
        expect(cells[i + 1] === "✓", `${role} ${permission}`).toBe(
          (permissionsOf(role) as readonly string[]).includes(permission),
        );
      });
    }
  });

  it("notices a drift: a table without a permission is not the generated one", () => {
    const adr = withPermissionTable(`x\n${TABLE_START}\n${TABLE_END}\ny`);
    const tampered = adr.replace(/^\| `read:insights:any`.*\n/m, "");
    expect(tampered).not.toBe(adr);
    const block = tampered
      .slice(tampered.indexOf(TABLE_START) + TABLE_START.length, tampered.indexOf(TABLE_END))
      .trim();
    expect(block).not.toBe(permissionTableMarkdown());
  });
});
