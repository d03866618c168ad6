// The shipped deployment files are valid: nginx accepts deploy/nginx/bee.conf (`nginx -t`,
// where Debian's nginx is installed — .ci/run installs it) and the systemd units start node
// itself, so SIGTERM reaches the server.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVE_ENV, SERVE_NODE_FLAGS } from "../e2e/lib/app-server.ts";
import { STOP_LIMITS } from "../../server/shutdown.ts";

const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
if (!nginx && process.env.CI) throw new Error("nginx not found: install it with `apt-get install -y nginx-light`");

describe("deployment files", () => {
  it.skipIf(!nginx)("nginx -t accepts the reverse-proxy configuration for several nodes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-nginx-"));
    try {
      // A throwaway certificate in place of the operator's.
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=localhost",
          "-keyout",
          path.join(dir, "key.pem"),
          "-out",
          path.join(dir, "cert.pem"),
        ],
        { stdio: "ignore" },
      );
      const site = fs
        .readFileSync("deploy/nginx/bee.conf", "utf8")
        .replace("/etc/ssl/certs/ssl-cert-snakeoil.pem", path.join(dir, "cert.pem"))
        .replace("/etc/ssl/private/ssl-cert-snakeoil.key", path.join(dir, "key.pem"));
      fs.writeFileSync(path.join(dir, "bee.conf"), site);
      fs.writeFileSync(
        path.join(dir, "nginx.conf"),
        `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  include ${dir}/bee.conf;\n}\n`,
      );
      const r = spawnSync(nginx!, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain("test is successful");
      expect(site).toMatch(/location = \/metrics \{ return 404; \}/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("npm run serve, the systemd unit and the test servers run node with the same memory settings (ADR 058)", () => {
    const serve = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts
      .serve!;
    const unit = fs.readFileSync("deploy/systemd/bee@.service", "utf8");
    const execStart = /^ExecStart=(.*)$/m.exec(unit)![1]!;
    expect(serve).toContain(` node ${SERVE_NODE_FLAGS.join(" ")} build/start/index.js`);
    expect(execStart).toBe(`/usr/bin/node ${SERVE_NODE_FLAGS.join(" ")} build/start/index.js`);
    for (const [name, value] of Object.entries(SERVE_ENV)) {
      expect(serve).toContain(`${name}=${value} `);
      expect(unit).toMatch(new RegExp(`^Environment=(.* )?${name}=${value}( |$)`, "m"));
    }
  });

  it("the node unit runs node directly and stops it with SIGTERM", () => {
    const unit = fs.readFileSync("deploy/systemd/bee@.service", "utf8");
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node (--[\w-]+=\S+ )*build\/start\/index\.js$/m);
    expect(unit).not.toMatch(/ExecStart=.*\bnpm\b/);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^Environment=.*PORT=%i/m);
    // systemd waits longer than the node's own bounded stop, so the node ends itself and says why.
    const stopSeconds = Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1]);
    expect(stopSeconds).toBeGreaterThan((STOP_LIMITS.WORK_MS + STOP_LIMITS.CLOSE_MS + 5_000) / 1000);
  });

  it("the migration unit runs the app's migrator, which knows both databases (not Prisma's SQLite-only default)", () => {
    const unit = fs.readFileSync("deploy/systemd/bee-migrate.service", "utf8");
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/npm run db:migrate$/m);
  });

  it(".ci/run installs PostgreSQL 15 (and pg_trgm's contrib) when its server binaries are missing, before npm test", () => {
    const ci = fs.readFileSync(".ci/run", "utf8");
    const install = ci.indexOf("apt-get install -y -qq postgresql-15 postgresql-contrib");
    expect(install).toBeGreaterThan(0);
    // Only when missing: the guard just before it looks for Debian's initdb.
    expect(ci.slice(0, install)).toMatch(
      /if \[ ! -x \/usr\/lib\/postgresql\/15\/bin\/initdb \]; then\s*\n\s*apt-get update -qq && $/,
    );
    expect(install).toBeLessThan(ci.indexOf("npm test 2>&1"));
  });
});
