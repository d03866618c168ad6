// What a start loads (issue 15.4/15.5): `--prepare` on a database that already has what
// the seeds would write asks one query and loads no seed (they bring the models, a second
// Prisma client and sharp, ~250 ms and ~40 MiB of every start); a SQLite deployment
// never loads PostgreSQL's driver. Each prepare runs in a process of its own, so what it
// loaded is all that process holds.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs scripts/prepare.ts's prepare() in a fresh process; what it left loaded. */
function prepareLoads(): { prisma: boolean; sharp: boolean; pg: boolean } {
  const script = `
    import fs from "node:fs";
    import { createRequire } from "node:module";
    const { prepare } = await import("./scripts/prepare.ts");
    await prepare();
    const cached = Object.keys(createRequire(import.meta.url).cache);
    const maps = fs.readFileSync("/proc/self/maps", "utf8");
    console.log(JSON.stringify({
      prisma: "__prisma" in globalThis,
      sharp: maps.includes("/sharp-") || cached.some((f) => f.includes("/node_modules/sharp/")),
      pg: cached.some((f) => f.includes("/node_modules/pg/")),
    }));
    process.exit(0);`;
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith("VITEST")) delete clean[k];
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...clean, DEMO_DATA: "false", LOG_LEVEL: "silent" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { prisma: boolean; sharp: boolean; pg: boolean };
}

describe.runIf(fs.existsSync("/proc/self/maps"))("start footprint", () => {
  it("seeds an empty database, then prepares a seeded one without loading the seeds or pg", () => {
    // The first start writes the topic list: the seeds and their Prisma client load.
    expect(prepareLoads()).toMatchObject({ prisma: true, pg: false });
    // Every later start: nothing to seed, nothing of it loaded.
    expect(prepareLoads()).toEqual({ prisma: false, sharp: false, pg: false });
  });
});
