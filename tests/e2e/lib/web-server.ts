// Playwright's webServer command (playwright.config.ts): builds if needed, prepares
// the throwaway database in E2E_DATA_DIR (migrations + demo data) and runs the
// production server on E2E_PORT until Playwright stops it.
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, prepare, serverEnv, startServer } from "./app-server.ts";

const dataDir = process.env.E2E_DATA_DIR;
const port = Number(process.env.E2E_PORT);
if (!dataDir || !port) {
  console.error("web-server.ts is started by playwright.config.ts, which sets E2E_DATA_DIR and E2E_PORT");
  process.exit(2);
}

ensureBuild({ skip: process.env.E2E_SKIP_BUILD === "1" });
const env = serverEnv({
  dataDir,
  port,
  // Many sign-ups from one address in a few seconds would trip the production limits.
  extra: { RATE_LIMITS: "false" },
});
const prepared = prepare(env);
// The seed prints the demo admin's one-time login; keep it for tests that want it.
fs.writeFileSync(path.join(dataDir, "prepare.log"), prepared);
process.stderr.write(prepared);

const child = startServer(env);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
