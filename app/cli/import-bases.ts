// npm run bases:import -- FILE.csv|FILE.xlsx [--apply] [--as admin@example.cn]
// Imports the official base list (format: docs/base-import-format.md). Without
// --apply it only previews: what would be created, updated (field by field) and
// left unchanged, and every bad row with its line number. With --apply it writes
// everything in one transaction, and only when no row is bad. Matched by code, so
// running it again changes nothing. Exit codes: 0 fine, 1 usage/file problem,
// 2 bad rows (nothing written).
import fs from "node:fs";
import path from "node:path";
import { importErrorText, parseBaseFile } from "../models/base-import.server.ts";
import { applyImport, previewImport, type ImportPlan } from "../models/base-registry.server.ts";
import { dbReady, prisma } from "../utils/db.server.ts";

function printPlan(plan: ImportPlan, verbose: boolean) {
  console.log(
    `${plan.rows} rows: ${plan.creates.length} to create, ${plan.updates.length} to update, ${plan.unchanged} unchanged, ${plan.errors.length} errors.`,
  );
  if (verbose) {
    for (const c of plan.creates) console.log(`  + line ${c.line}: ${c.record.code} ${c.record.nameZh}`);
    for (const u of plan.updates)
      console.log(
        `  ~ line ${u.line}: ${u.code} ${u.changes.map((c) => `${c.field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`).join("; ")}`,
      );
  }
  for (const e of plan.errors) console.log(`  ! ${importErrorText(e)}`);
}

async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--as");
  const apply = args.includes("--apply");
  const verbose = args.includes("--verbose") || !apply;
  const asIndex = args.indexOf("--as");
  const asEmail = asIndex >= 0 ? args[asIndex + 1] : undefined;
  if (!file) {
    console.error("Usage: npm run bases:import -- FILE.csv|FILE.xlsx [--apply] [--as admin-email]");
    process.exit(1);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    console.error(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  await dbReady();
  let actor: { id: string } | null = null;
  if (asEmail) {
    actor = await prisma.user.findFirst({
      where: { role: "admin", suspendedAt: null, email: asEmail.toLowerCase() },
      select: { id: true },
    });
    if (!actor) {
      console.error(`No active administrator with email ${asEmail}.`);
      process.exit(1);
    }
  }
  const parsed = await parseBaseFile(bytes);
  const plan = await previewImport(parsed);
  printPlan(plan, verbose);
  if (plan.errors.length) {
    console.log(
      apply ? "Nothing was written: fix the rows above and run again." : "Fix the rows above before --apply.",
    );
    process.exit(2);
  }
  if (!apply) {
    console.log("Preview only: run again with --apply to write these changes.");
    process.exit(0);
  }
  const result = await applyImport(actor, parsed, { via: "cli", source: path.basename(file) });
  if (!result.ok) {
    // The registry changed between the preview and the transaction.
    printPlan(result.plan, false);
    console.log("Nothing was written.");
    process.exit(2);
  }
  console.log(
    `Applied: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged; ${result.reindexed} case documents queued for the search index.`,
  );
  process.exit(0);
}

void main();
