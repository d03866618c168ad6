// What the tests know about the server playwright.config.ts started.
import path from "node:path";
import { databaseUrlFor, serverEnv } from "./app-server.ts";

export function dataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set: run the browser tests through playwright.config.ts");
  return dir;
}

export function port(): number {
  return Number(process.env.E2E_PORT);
}

export function mailDir(): string {
  return path.join(dataDir(), "mail");
}

export function databaseUrl(): string {
  return databaseUrlFor(dataDir());
}

/** Environment for CLI commands (app/cli/*) that must act on the test server's database. */
export function cliEnv(): NodeJS.ProcessEnv {
  return serverEnv({ dataDir: dataDir(), port: port(), logLevel: "warn" });
}

/** A short unique suffix so tests (and reruns) never collide on emails or usernames. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
