// npm run cases:import -- FILE.json [--as admin@example.cn]
// Imports case studies (format: docs/import-format.md). Each record is validated
// and reported on its own; a bad record never stops the run. Idempotent by
// externalId. Exit code 0 when every record imported, 2 when some failed.
import fs from "node:fs";
import { ImportFile, importCase } from "../models/case-import.server.ts";
import { dbReady, prisma } from "../utils/db.server.ts";
import { progressBar } from "./progress.ts";

async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  const asIndex = args.indexOf("--as");
  const asEmail = asIndex >= 0 ? args[asIndex + 1] : undefined;
  if (!file) {
    console.error("Usage: npm run cases:import -- FILE.json [--as admin-email]");
    process.exit(1);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  const parsed = ImportFile.safeParse(json);
  if (!parsed.success) {
    console.error(
      `${file} is not an import file: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
    process.exit(1);
  }
  await dbReady();
  // Imported cases are published by an administrator (who may publish under any base).
  const admin = await prisma.user.findFirst({
    where: { role: "admin", suspendedAt: null, ...(asEmail ? { email: asEmail.toLowerCase() } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, email: true },
  });
  if (!admin) {
    console.error(
      asEmail
        ? `No active administrator with email ${asEmail}.`
        : "No administrator yet: create one with npm run user:create-admin -- <email>.",
    );
    process.exit(1);
  }
  const actor = { id: admin.id, role: admin.role, baseId: null, baseVerified: false, emailVerified: true };
  const records = parsed.data.cases;
  console.log(
    `Importing ${records.length} records${parsed.data.source ? ` from "${parsed.data.source}"` : ""} as ${admin.email}`,
  );
  const bar = progressBar("Importing", records.length);
  const counts = { created: 0, updated: 0, unchanged: 0, error: 0 };
  const problems: string[] = [];
  for (const [i, raw] of records.entries()) {
    const outcome = await importCase(raw, i, actor);
    counts[outcome.status] += 1;
    if (outcome.status === "error") {
      problems.push(
        `  record #${i + 1}${outcome.externalId ? ` (${outcome.externalId})` : ""}:\n${outcome.errors.map((e) => `    - ${e}`).join("\n")}`,
      );
    }
    bar.update(i + 1);
  }
  bar.done(records.length);
  console.log(
    `Created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, failed ${counts.error}.`,
  );
  if (problems.length) {
    console.log("Records that were not imported:");
    console.log(problems.join("\n"));
  }
  process.exit(counts.error > 0 ? 2 : 0);
}

void main();
