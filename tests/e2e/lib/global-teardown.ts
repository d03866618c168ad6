// Removes the throwaway data directory (database, mail files) after the run.
// E2E_KEEP_DATA=1 keeps it for a look at what the tests left behind.
import fs from "node:fs";

export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) return;
  if (process.env.E2E_KEEP_DATA === "1") {
    console.log(`[e2e] data kept in ${dir}`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
