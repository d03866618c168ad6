// Operating real server processes on one database (issue 10 point 11):
// `npm run db:migrate` applies a pending migration while a server holds the
// database; a second server then starts on it through the npm script (which
// migrates and seeds first); SIGTERM sent to the npm process reaches the server,
// which stops cleanly; and once every process has stopped, app.db is complete
// without its -wal file. Uses `npm run serve` when build/ is current (CI builds
// first), else `npm run dev`: both exec node the same way.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { describe, expect, it } from "vitest";
import { applyMigrations, committedMigrations, MIGRATIONS_DIR } from "~/utils/migrations.server.ts";
import { buildIsStale, freePort, ROOT } from "../e2e/lib/app-server.ts";
import { startServerChild } from "../helpers/server-child.ts";

const cleanEnv = (extra: Record<string, string>) => {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "error", DEMO_DATA: "false", ...extra };
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  delete (env as Record<string, string | undefined>).NODE_ENV;
  delete env.APP_ORIGIN;
  return env;
};

/** `npm run serve` (or `dev` when build/ is stale) on a free port; resolves once it says it is running. */
async function startNpmServer(env: Record<string, string>) {
  const port = await freePort();
  const script = buildIsStale() ? "dev" : "serve";
  const npm = spawn("npm", ["run", script], {
    cwd: ROOT,
    env: cleanEnv({ ...env, PORT: String(port), HOST: "127.0.0.1" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const npmExited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  let stderr = "";
  npm.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: npm.stdout }).on("line", (line) => {
      if (line.includes("is running at")) resolve();
    });
    npm.once("exit", (code) => reject(new Error(`npm run ${script} exited (${code}): ${stderr}`)));
  });
  return { npm, npmExited, port };
}

describe("servers, migrations and signals on one database", () => {
  it(
    "migrate while a server runs, start a second one, SIGTERM it through npm, leave no -wal",
    { timeout: 240_000 },
    async () => {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), "bee-ops-"));
      const file = path.join(data, "app.db");
      // A database one migration behind.
      const older = path.join(data, "older-migrations");
      const all = committedMigrations();
      for (const m of all.slice(0, -1))
        fs.cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(older, m.name), { recursive: true });
      applyMigrations(file, { dir: older });
      const env = { DATA_DIR: data, DATABASE_URL: `file:${file}` };

      const holder = await startServerChild(env);
      try {
        const migrate = spawnSync("npm", ["run", "--silent", "db:migrate"], {
          cwd: ROOT,
          env: cleanEnv(env),
          encoding: "utf8",
          timeout: 60_000,
        });
        expect(migrate.stderr).toBe("");
        expect(migrate.status).toBe(0);
        expect(migrate.stdout).toContain(`Applied 1 migration(s) to ${file}: ${all.at(-1)!.name}`);

        const { npm, npmExited, port } = await startNpmServer(env);
        const origin = `http://127.0.0.1:${port}`;
        expect((await fetch(`${origin}/`)).status).toBe(200);

        npm.kill("SIGTERM");
        await npmExited;
        // The server itself stopped: nothing answers on its port any more.
        let answering = true;
        for (let i = 0; i < 150 && answering; i++) {
          answering = await fetch(`${origin}/`).then(
            () => true,
            () => false,
          );
          if (answering) await new Promise((r) => setTimeout(r, 100));
        }
        expect(answering, "the server kept serving after SIGTERM to npm").toBe(false);
      } finally {
        holder.child.stdin!.end();
        const timer = setTimeout(() => holder.child.kill("SIGKILL"), 15_000);
        await holder.exited;
        clearTimeout(timer);
      }
      // Both stopped cleanly: the last connection to close checkpointed the log away.
      const wal = `${file}-wal`;
      expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
      fs.rmSync(data, { recursive: true, force: true });
    },
  );
  it(
    "with SHUTDOWN_DELAY_SECONDS, SIGTERM first answers /readyz 503 while still serving, then stops",
    { timeout: 120_000 },
    async () => {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), "bee-delay-"));
      const file = path.join(data, "app.db");
      applyMigrations(file);
      const { npm, npmExited, port } = await startNpmServer({
        DATA_DIR: data,
        DATABASE_URL: `file:${file}`,
        SHUTDOWN_DELAY_SECONDS: "3",
      });
      const origin = `http://127.0.0.1:${port}`;
      expect((await fetch(`${origin}/readyz`)).status).toBe(200);

      const signalled = Date.now();
      npm.kill("SIGTERM");
      // During the delay: new connections are still served, and the balancer's probe says "draining".
      let probe = 200;
      while (probe === 200 && Date.now() - signalled < 2_000) {
        probe = (await fetch(`${origin}/readyz`)).status;
        if (probe === 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(probe).toBe(503);
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
      expect((await fetch(`${origin}/about`)).status).toBe(200);

      // After the delay the node stops cleanly.
      expect(await npmExited).toBe(0);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(3_000);
      const answering = await fetch(`${origin}/healthz`).then(
        () => true,
        () => false,
      );
      expect(answering).toBe(false);
      fs.rmSync(data, { recursive: true, force: true });
    },
  );
});
