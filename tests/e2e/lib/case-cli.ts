// Runs tests/e2e/lib/create-case.ts as a child process against a server's database
// (the process that imports this keeps no Prisma client of its own).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./app-server.ts";
import type { CaseSpec } from "./create-case.ts";

export type { CaseSpec };
export interface CreatedCase {
  slug: string;
  caseId: string;
  username: string;
  baseSlug: string;
}

/** `env` must carry the server's DATABASE_URL (cliEnv() in the browser tests). */
export function createCaseVia(spec: CaseSpec, env: NodeJS.ProcessEnv): CreatedCase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-case-spec-"));
  const file = path.join(dir, "spec.json");
  try {
    fs.writeFileSync(file, JSON.stringify(spec));
    const out = execFileSync(process.execPath, ["--import", "tsx", "tests/e2e/lib/create-case.ts", file], {
      cwd: ROOT,
      env: { ...env, LOG_LEVEL: "warn" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const last = out.trim().split("\n").pop()!;
    return JSON.parse(last) as CreatedCase;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
