// What a start loads (issue 15.4/15.5): `--prepare` on a database that already has what
// the seeds would write asks one query and loads no seed (they bring the models, a second
// Prisma client and sharp, ~250 ms and ~40 MiB of every start); a SQLite deployment
// never loads PostgreSQL's driver. Each prepare runs in a process of its own, so what it
// loaded is all that process holds.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
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

/** Packages a request for a page without rich text, mail, uploads, sign-in or slugs never needs. */
const LAZY_PACKAGES = [
  "@tiptap/",
  "prosemirror-",
  "pinyin-pro",
  "nodemailer",
  "file-type",
  "qrcode",
  "@node-rs/argon2",
  "fflate",
  "@node-rs/jieba",
] as const;

/**
 * Imports `modules` (app sources, through tsx) in a fresh process, then runs `then` (a
 * statement with the imported modules as m0, m1, …), and lists which of LAZY_PACKAGES the
 * process loaded after the imports and after `then` — through import (a resolve hook logs
 * every URL) or require (its cache).
 */
function lazyLoads(modules: string[], then: string): { atImport: string[]; afterUse: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-footprint-"));
  try {
    const log = path.join(dir, "resolved.log");
    fs.writeFileSync(
      path.join(dir, "hooks.mjs"),
      `import fs from "node:fs";
       export async function resolve(specifier, context, next) {
         const r = await next(specifier, context);
         fs.appendFileSync(${JSON.stringify(log)}, r.url + "\\n");
         return r;
       }`,
    );
    const script = `
      import fs from "node:fs";
      import { createRequire, register } from "node:module";
      register(${JSON.stringify(`file://${dir}/hooks.mjs`)});
      const LAZY = ${JSON.stringify(LAZY_PACKAGES)};
      const loaded = () => {
        const files = [...Object.keys(createRequire(import.meta.url).cache), ...(fs.existsSync(${JSON.stringify(log)}) ? fs.readFileSync(${JSON.stringify(log)}, "utf8").split("\\n") : [])];
        return LAZY.filter((p) => files.some((f) => f.includes("/node_modules/" + p)));
      };
      ${modules.map((m, i) => `const m${i} = await import(${JSON.stringify(path.join(ROOT, m))});`).join("\n")}
      const atImport = loaded();
      ${then}
      console.log(JSON.stringify({ atImport, afterUse: loaded() }));
      process.exit(0);`;
    const clean = { ...process.env };
    for (const k of Object.keys(clean)) if (k.startsWith("VITEST")) delete clean[k];
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { ...clean, LOG_LEVEL: "silent" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { atImport: string[]; afterUse: string[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.runIf(fs.existsSync("/proc/self/maps"))("start footprint", () => {
  it("seeds an empty database, then prepares a seeded one without loading the seeds or pg", () => {
    // The first start writes the topic list: the seeds and their Prisma client load.
    expect(prepareLoads()).toMatchObject({ prisma: true, pg: false });
    // Every later start: nothing to seed, nothing of it loaded.
    expect(prepareLoads()).toEqual({ prisma: false, sharp: false, pg: false });
  });

  it("loads Tiptap, pinyin-pro, jieba, nodemailer, file-type, qrcode, argon2 and fflate only when a request uses them", () => {
    // The server modules that use them (the Remix build imports them all at start).
    const { atImport, afterUse } = lazyLoads(
      [
        "app/editor/render.server.ts",
        "app/editor/validate.server.ts",
        "app/models/slug.server.ts",
        "app/models/base-picker.server.ts",
        "app/models/base-import.server.ts",
        "app/mail/mailer.server.ts",
        "app/models/attachment.server.ts",
        "app/models/affiliation-evidence.server.ts",
        "app/auth/password.server.ts",
        "app/utils/qr.server.ts",
        "app/models/account-privacy.server.ts",
        "app/features/discussion/discussion.server.ts",
      ],
      // A case's rich text rendered, a Chinese title's slug, a QR code.
      `m0.renderDocHtml({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "hi" }] }] }, "case");
       m2.slugify("跨境电商品牌建设");
       await m9.qrSvg("https://example.org/cases/a");`,
    );
    expect(atImport).toEqual([]);
    // What was used is loaded then, and only that.
    expect(afterUse).toEqual(["@tiptap/", "prosemirror-", "pinyin-pro", "qrcode", "@node-rs/jieba"]);
  });
});
