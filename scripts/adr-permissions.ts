// Prints (or with --write, puts into ADR 024) the table of roles and permission
// strings generated from app/auth/permissions.ts. app/auth/permission-table.test.ts
// fails when the ADR and the code disagree; run this with --write to fix the ADR.
import fs from "node:fs";
import { permissionTableMarkdown, withPermissionTable } from "../app/auth/permission-table.ts";

export const ADR_PATH = "docs/decisions/024-ministry-curation.md";

if (process.argv.includes("--write")) {
  fs.writeFileSync(ADR_PATH, withPermissionTable(fs.readFileSync(ADR_PATH, "utf8")));
  console.log(`Updated ${ADR_PATH}`);
} else {
  console.log(permissionTableMarkdown());
}
