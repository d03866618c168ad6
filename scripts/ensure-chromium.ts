// Makes sure a Chromium for the browser tests exists (run by `npm run test:e2e`).
// Playwright drives the system's Chromium and never downloads one: these machines
// reach only the npm registry and Debian's packages. Order: CHROMIUM_PATH, then
// Debian's /usr/bin/chromium; as root on Debian it installs the `chromium`
// package; anywhere else it stops with a message saying what to do.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { pathToFileURL } from "node:url";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Chromium the tests will use, or null. Also used by playwright.config.ts. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | null {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return isExecutable(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : null;
}

function fail(message: string): never {
  console.error(`\n[ensure-chromium] ${message}\n`);
  process.exit(1);
}

function main() {
  const found = findChromium();
  if (found) {
    console.log(`[ensure-chromium] using ${found}`);
    return;
  }
  if (process.env.CHROMIUM_PATH) {
    fail(
      `CHROMIUM_PATH is set to "${process.env.CHROMIUM_PATH}", but no executable is there. Point CHROMIUM_PATH at a Chromium or Chrome binary, or unset it to use ${DEFAULT_CHROMIUM}.`,
    );
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const isDebian = fs.existsSync("/etc/debian_version") && isExecutable("/usr/bin/apt-get");
  if (!isRoot || !isDebian) {
    fail(
      `No Chromium found at ${DEFAULT_CHROMIUM}. Install one (on Debian/Ubuntu: sudo apt-get install -y chromium) ` +
        `or set CHROMIUM_PATH to the path of a Chromium or Chrome binary, then run the tests again.`,
    );
  }
  console.log("[ensure-chromium] no Chromium found; installing Debian's chromium package (about 2 minutes)…");
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["update"], { stdio: "inherit", env: aptEnv });
    execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env: aptEnv });
  } catch {
    fail(
      "apt-get could not install chromium. Install it yourself or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
  }
  if (!findChromium()) fail(`apt-get finished but ${DEFAULT_CHROMIUM} is still missing; set CHROMIUM_PATH.`);
  console.log(`[ensure-chromium] installed ${DEFAULT_CHROMIUM}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
