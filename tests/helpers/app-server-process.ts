// One real app server process for tests that need several of them on one
// database (tests/helpers/app-servers.ts starts it): the Express app of
// server/serve.ts — Origin check, body limit, sessions, the Remix request
// handler — with the Remix server build compiled from the sources by Vite's
// SSR loader, so no production build is needed. No dev middleware, no HMR or
// its WebSocket, no file watching and no dependency optimizer: it serves requests, not a browser.
// Prints "port <n>" and "ready" once it listens (PORT=0 picks a free port);
// stops when its stdin closes or on SIGTERM.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createServer } from "vite";
import { env } from "../../app/utils/env.server.ts";
import { serve } from "../../server/serve.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const config = env();
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-vite-"));
const vite = await createServer({
  root,
  configFile: path.join(root, "vite.config.ts"),
  appType: "custom",
  cacheDir,
  logLevel: "warn",
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const getBuild = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
// Compile every route before saying ready, so the first requests do not wait for it.
await getBuild();
const running = await serve(config, { isDev: false, getBuild });
process.stdout.write(`port ${running.port}\nready\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await running.stop();
  await vite.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
  process.exit(0);
}
process.stdin.on("end", () => void stop());
process.stdin.resume();
process.once("SIGTERM", () => void stop());
