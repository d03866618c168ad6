// A throwaway PostgreSQL 15 cluster for tests (issue 14): initdb in a temporary
// directory, listening on loopback at a free port, trust authentication, fsync off;
// removed by stop(). Never assumes a running server. As root, initdb and the server
// run as the `postgres` user (initdb refuses root), which must be able to write the
// directory. Where the binaries are missing, postgresUnavailable() says how to get them.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { pgConfig } from "~/utils/pg-adapter.ts";

const BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];

/** Where initdb and postgres are: PG_BIN_DIR when set (a wrong one is reported, not replaced), else Debian's places. */
export function postgresBinDir(): string | null {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return fs.existsSync(path.join(fromEnv, "initdb")) ? fromEnv : null;
  return BIN_DIRS.find((d) => fs.existsSync(path.join(d, "initdb"))) ?? null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailable(): string | null {
  if (postgresBinDir()) return null;
  const where = process.env.PG_BIN_DIR
    ? `PG_BIN_DIR=${process.env.PG_BIN_DIR} has no initdb`
    : "looked in /usr/lib/postgresql/{15,16,17}/bin; PG_BIN_DIR names another place";
  return `PostgreSQL server binaries not found (${where}): install them with \`apt-get install -y postgresql-15 postgresql-contrib\` (.ci/run does).`;
}

/** The postgres user's uid (`-u`) or gid (`-g`). */
function userId(flag: "-u" | "-g"): number {
  return Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface PostgresCluster {
  /** postgresql://…/<database> of a database created for the caller. */
  url: string;
  port: number;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): string;
  stop(): Promise<void>;
}

export async function startPostgres(database = "bee"): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresUnavailable()!);
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? "postgres" : os.userInfo().username;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    const r = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", full, ...args], { encoding: "utf8" })
      : spawnSync(full, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run("initdb", ["-D", data, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  const args = ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir, "-c", "fsync=off"];
  args.push("-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=100");
  // The server is this process's own child even as root (started with the postgres user's ids,
  // not through runuser): stop() signals the postmaster itself. Through runuser, SIGINT became
  // a smart shutdown that waited for clients, and the SIGKILL after it killed only runuser,
  // leaving an orphaned server on a deleted directory.
  const ids = asRoot ? { uid: userId("-u"), gid: userId("-g") } : {};
  const server: ChildProcess = spawn(path.join(bin, "postgres"), args, { stdio: "pipe", ...ids });
  let log = "";
  server.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = spawnSync(path.join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port)]);
    if (ready.status === 0) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      server.kill("SIGKILL");
      throw new Error(`PostgreSQL did not start on port ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const createDatabase = (name: string) => {
    run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, name]);
    return `postgresql://${user}@127.0.0.1:${port}/${name}`;
  };
  const url = createDatabase(database);
  return {
    url,
    port,
    createDatabase,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGINT"); // fast shutdown: ends sessions, no wait for clients
        let timer: NodeJS.Timeout | undefined;
        // Cleared once the server is gone: a pending timer kept the test run's process alive 10 s.
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
        clearTimeout(timer);
        if (server.exitCode === null) server.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new database `name` on the cluster of `templateUrl`, copied from that URL's
 * (migrated) database: CREATE DATABASE … TEMPLATE copies files, no migration runs.
 * The template must have no open connections while it is copied.
 */
export async function createDatabaseFromTemplate(templateUrl: string, name: string): Promise<string> {
  const url = new URL(templateUrl);
  const template = decodeURIComponent(url.pathname.slice(1));
  const admin = new pg.Client({ ...pgConfig(templateUrl), database: "postgres" });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}
