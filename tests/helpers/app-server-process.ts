// One real app server process for tests that need several of them on one
// database (tests/helpers/app-servers.ts starts it): the Express app of
// server/serve.ts — Origin check, body limit, sessions, the Remix request
// handler. The Remix server build is the production build when APP_BUILD names
// it (a current build/, as in CI), else it is compiled from the sources by
// Vite's SSR loader, so no build is needed: no dev middleware, no HMR or its
// WebSocket, no file watching and no dependency optimizer — it serves requests,
// not a browser. Prints "pid <n>", "port <n>" and "ready" once it listens (PORT=0
// picks a free port); stops when its stdin closes or on SIGTERM.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { env } from "../../app/utils/env.server.ts";
import { serve } from "../../server/serve.ts";
import { withoutViteExits } from "../../server/vite-exits.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const config = env();
let close = async () => {};
let getBuild: () => Promise<ServerBuild>;
if (process.env.APP_BUILD) {
  const build = (await import(pathToFileURL(process.env.APP_BUILD).href)) as ServerBuild;
  getBuild = async () => build;
} else {
  const { createServer } = await import("vite");
  // Vite still pre-bundles a few client dependencies: into the test's data directory, which the test removes.
  const cacheDir = fs.mkdtempSync(path.join(path.resolve(config.DATA_DIR), "vite-"));
  // Vite would end this process on SIGTERM before the requests a graceful stop lets finish.
  const vite = await withoutViteExits(() =>
    createServer({
      root,
      configFile: path.join(root, "vite.config.ts"),
      appType: "custom",
      cacheDir,
      logLevel: "warn",
      server: { middlewareMode: true, hmr: false, ws: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
      // NODE_ENV is production here, where react/jsx-dev-runtime has no jsxDEV: compile
      // JSX for the production runtime (after the Remix plugin, which asks for the dev
      // one on a dev server), or every document render fails.
      plugins: [{ name: "jsx-production-runtime", enforce: "post", config: () => ({ esbuild: { jsxDev: false } }) }],
    }),
  );
  getBuild = () => withoutViteExits(() => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>);
  close = async () => {
    await vite.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  };
}
// Load every route before saying ready, so the first requests do not wait for it.
await getBuild();
const running = await serve(config, { isDev: false, getBuild });
// The pid: tests check that a signal sent to the process they spawned reaches this server.
process.stdout.write(
  `source ${process.env.APP_BUILD ? "build" : "vite"}\npid ${process.pid}\nport ${running.port}\nready\n`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await running.stop();
  await close();
  process.exit(0);
}
process.stdin.on("end", () => void stop());
process.stdin.resume();
process.once("SIGTERM", () => void stop());
