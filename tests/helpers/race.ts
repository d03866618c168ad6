// Two processes running the same script against the shared test database, told
// to start at the same moment: each prints "ready", waits for "go" on stdin, then
// does its work and exits. Used to show that claims hold across processes.
// startRunner alone serves scripts that stay up until told to stop (the app
// server processes of tests/helpers/app-servers.ts).
import { spawn } from "node:child_process";
import readline from "node:readline";

/**
 * Runs `script` in one node process with tsx's loader; `ready` resolves at its "ready" line, `lines`
 * holds everything it printed. Not the tsx CLI: that runs the script in a child of its own and passes
 * a SIGTERM on only if the child reports it within 30 ms, else SIGKILLs it (tsx 4.20's
 * relaySignalToChild) — on a busy machine a test's graceful stop became a kill (a CI run on 2026-12-08: exit 143).
 */
export function startRunner(script: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ["--import", "tsx", script], { env, stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      if (line === "ready") resolve();
    });
    child.once("exit", (code) => reject(new Error(`runner exited early (${code})`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, lines, ready, exited };
}

/** Starts two runners, releases them together and returns their output lines and exit codes. */
export async function raceTwo(script: string, env: NodeJS.ProcessEnv = process.env) {
  const a = startRunner(script, env);
  const b = startRunner(script, env);
  await Promise.all([a.ready, b.ready]);
  a.child.stdin!.write("go\n");
  b.child.stdin!.write("go\n");
  const codes = [await a.exited, await b.exited];
  const runs: [{ lines: string[] }, { lines: string[] }] = [{ lines: a.lines }, { lines: b.lines }];
  return { runs, codes };
}
