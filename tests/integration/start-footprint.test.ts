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
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

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
function lazyLoads(
  modules: string[],
  then: string,
  watched: readonly string[] = LAZY_PACKAGES,
): { atImport: string[]; afterUse: string[]; [key: string]: unknown } {
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
       }
       // Stylesheets the route modules import for Vite: nothing to load here.
       export async function load(url, context, next) {
         if (/\\.css(\\?|$)/.test(url)) return { format: "module", source: "export default '';", shortCircuit: true };
         return next(url, context);
       }`,
    );
    const script = `
      import fs from "node:fs";
      import { createRequire, register } from "node:module";
      register(${JSON.stringify(`file://${dir}/hooks.mjs`)});
      const LAZY = ${JSON.stringify(watched)};
      const out = {};
      const loaded = () => {
        const files = [...Object.keys(createRequire(import.meta.url).cache), ...(fs.existsSync(${JSON.stringify(log)}) ? fs.readFileSync(${JSON.stringify(log)}, "utf8").split("\\n") : [])];
        return LAZY.filter((p) => files.some((f) => f.includes("/node_modules/" + p)));
      };
      ${modules.map((m, i) => `const m${i} = await import(${JSON.stringify(path.join(ROOT, m))});`).join("\n")}
      const atImport = loaded();
      ${then}
      console.log(JSON.stringify({ ...out, atImport, afterUse: loaded() }));
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

  it("serves a reader's and a member's pages, writes the search log, idles and answers its health checks without loading Prisma's query compiler; a write loads it", async () => {
    // A member of a base with a published case; then nothing left to do: jobs done, outbox empty, notifications mailed.
    const base = await createTestBase();
    const author = await createTestUser();
    await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
    const content = { ...emptyContent(), title: "海外仓共建共享", summary: "摘要", baseId: base.id };
    const draft = await createDraft(author.id, crypto.randomUUID(), content);
    const actor = { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true };
    const { slug } = (await publishCase(draft.id, actor, content, { expectedVersion: draft.draftVersion })) as {
      slug: string;
    };
    const username = (await prisma.user.findUniqueOrThrow({ where: { id: author.id } })).username;
    const topic = (
      (await prisma.topic.findFirst()) ??
      (await prisma.topic.create({ data: { slug: "footprint", nameZh: "足迹", nameEn: "Footprint" } }))
    ).slug;
    const { industry } = await prisma.base.findUniqueOrThrow({ where: { id: base.id } });
    const cookie = await cookieFor(author.id);
    await prisma.job.updateMany({ data: { status: "done" } });
    await prisma.searchOutbox.deleteMany();
    await prisma.notification.updateMany({ data: { mailedAt: new Date() } });
    const searched = async () =>
      (await prisma.searchQueryDaily.aggregate({ where: { query: "海外仓" }, _sum: { searches: true } }))._sum
        .searches ?? 0;
    const searchedBefore = await searched();
    await prisma.$disconnect();

    const pages = [
      ["app/routes/_index/route.tsx", "/", {}],
      ["app/routes/bases._index/route.tsx", "/bases", {}],
      ["app/routes/bases._index/route.tsx", `/bases?industry=${industry}`, {}],
      ["app/routes/bases.$slug/route.tsx", `/bases/${base.slug}`, { slug: base.slug }],
      ["app/routes/cases._index/route.tsx", "/cases", {}],
      ["app/routes/cases.$slug/route.tsx", `/cases/${slug}`, { slug }],
      ["app/routes/topics.$slug/route.tsx", `/topics/${topic}`, { slug: topic }],
      ["app/routes/u.$username/route.tsx", `/u/${username}`, { username }],
      ["app/routes/search/route.tsx", `/search?q=${encodeURIComponent("海外仓")}`, {}],
    ] as const;
    const modules = [
      "app/utils/db.server.ts",
      "tests/helpers/route.ts",
      "app/jobs/worker.server.ts",
      "app/jobs/search-outbox.server.ts",
      "app/jobs/notification-mail.server.ts",
      "app/jobs/typical-digest.server.ts",
      "app/models/health.server.ts",
      "app/utils/metrics.server.ts",
      ...pages.map(([m]) => m),
      "app/models/search-log.server.ts",
    ];
    const result = lazyLoads(
      modules,
      // Each page's loader (as a document request) for a reader and for the member, the job
      // worker's idle tick twice, the health checks; what was loaded then; then one write.
      `const pages = ${JSON.stringify(pages)};
       const routes = [${pages.map((_, i) => `m${8 + i}`).join(", ")}];
       const statuses = [];
       for (const c of [null, ${JSON.stringify(cookie)}])
         for (const [i, [, path, params]] of pages.entries()) {
           const r = await m1.callRoute(routes[i].loader, { path, params, cookie: c ?? undefined, document: true });
           statuses.push(path + " " + r.status);
         }
       // The search log's flush (5 s after a search; now): the two searches' counts and the day's prune.
       const searchLog = m${8 + pages.length};
       out.buffered = searchLog.bufferedSearches();
       await searchLog.flushSearchLog();
       out.bufferedAfterFlush = searchLog.bufferedSearches();
       for (let i = 0; i < 2; i++) {
         await m2.runDueJobs("footprint");
         await m3.drainSearchOutbox("footprint");
         await m4.runNotificationDigests();
         await m5.runTypicalDigests();
       }
       // A load balancer's /readyz and a Prometheus scrape of /metrics.
       out.ready = (await m6.readiness()).ok;
       out.scraped = (await m7.metrics.registry.metrics()).includes("bee_search_outbox_pending 0");
       out.statuses = statuses;
       out.connects = m0.prismaConnectCount();
       out.idle = loaded();
       await m0.prisma.user.count();
       out.connectsAfterWrite = m0.prismaConnectCount();`,
      ["@prisma/client/runtime/query_compiler"],
    );
    // Every page answered (a reader's and a member's), the node is ready, /metrics has the queue; none through Prisma.
    expect(result.ready).toBe(true);
    expect(result.scraped).toBe(true);
    expect(result.statuses).toEqual([...pages, ...pages].map(([, path]) => `${path} 200`));
    // The reader's and the member's search were counted and written, without Prisma (ADR 068).
    expect(result.buffered).toBe(1);
    expect(result.bufferedAfterFlush).toBe(0);
    expect(await searched()).toBe(searchedBefore + 2);
    expect(result.connects).toBe(0);
    expect(result.idle).toEqual([]);
    // The detector sees a load: the first Prisma query connects and loads the compiler.
    expect(result.connectsAfterWrite).toBe(1);
    expect(result.afterUse).toEqual(["@prisma/client/runtime/query_compiler"]);
  });
});
