// A full disk, or any failure at COMMIT, must not freeze the process (issue 10
// point 10): the connection gate is released on every path, the next requests
// answer, members are told "storage full, nothing was saved" in their language
// (pages: the error page, status 507; the autosave and upload endpoints: JSON),
// and an upload leaves no empty file behind.
//
// The disk is really full: as root the test mounts a small tmpfs, puts this
// file's database and data directory on it and fills the rest. Where mounting is
// not allowed (CI without root) the database's own size limit (PRAGMA
// max_page_count) makes SQLite answer SQLITE_FULL the same way.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const mountDir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-full-"));
let mounted = false;
try {
  // BEE_TEST_NO_TMPFS=1 runs the size-limit variant even as root.
  if (process.env.BEE_TEST_NO_TMPFS) throw new Error("tmpfs not wanted");
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=32m", "tmpfs", mountDir], { stdio: "ignore" });
  mounted = true;
  const db = path.join(mountDir, "test.db");
  fs.copyFileSync(process.env.DATABASE_URL!.replace(/^file:/, ""), db);
  process.env.DATABASE_URL = `file:${db}`;
  process.env.DATA_DIR = mountDir;
} catch {
  // no tmpfs: the size-limit pragma below
}

const { prisma, dbReady } = await import("~/utils/db.server.ts");
const { callRoute } = await import("../helpers/route.ts");
const { cookieFor, createTestUser } = await import("../helpers/users.ts");
const { createTestBase } = await import("../helpers/bases.ts");
const { emptyContent } = await import("~/models/case-content.ts");
const { createDraft, publishCase } = await import("~/models/case.server.ts");
const { answerStorageFull, isStorageFull, withStorageFullAnswers } = await import("~/utils/storage-full.server.ts");
const { uploadsDir } = await import("~/models/upload.server.ts");
const pageRoute = await import("~/routes/cases.$slug/route.tsx");
const draftsApi = await import("~/routes/resources.case-drafts/route.tsx");
const uploadRoute = await import("~/routes/resources.uploads/route.tsx");

const filler = path.join(mountDir, "filler");

/** Makes the next write that needs space fail with SQLITE_FULL (or ENOSPC for files). */
async function fillStorage() {
  // Start the write-ahead log from nothing, so a commit must grow it.
  await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  if (!mounted) {
    const [row] = await prisma.$queryRawUnsafe<{ page_count: number }[]>("PRAGMA page_count");
    await prisma.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(row!.page_count)}`);
    return;
  }
  const fd = fs.openSync(filler, "w");
  try {
    for (const size of [1 << 20, 1 << 12]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          fs.writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function freeStorage() {
  if (mounted) fs.rmSync(filler, { force: true });
  else await prisma.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
}

/** Fails the test instead of hanging it when the process froze. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms: the connection is still held`)), ms),
    ),
  ]);
}

let author: { id: string; cookie: string };
let slug = "";
const bigText = (n: number) => "满".repeat(n);

beforeAll(async () => {
  await dbReady();
  const base = await createTestBase();
  const u = await createTestUser();
  await prisma.user.update({
    where: { id: u.id },
    data: { baseId: base.id, baseVerifiedAt: new Date(), createdAt: new Date(Date.now() - 3 * 86_400_000) },
  });
  author = { id: u.id, cookie: await cookieFor(u.id) };
  const actor = { id: u.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title: "满盘测试", summary: "summary", baseId: base.id };
  const d = await createDraft(u.id, crypto.randomUUID(), content);
  slug = (await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion })).slug;
  await prisma.$executeRawUnsafe("CREATE TABLE IF NOT EXISTS test_parent (id INTEGER PRIMARY KEY)");
  await prisma.$executeRawUnsafe(
    "CREATE TABLE IF NOT EXISTS test_child (parentId INTEGER NOT NULL REFERENCES test_parent(id))",
  );
});

afterAll(async () => {
  await freeStorage();
  await prisma.$disconnect();
  if (mounted) execFileSync("umount", ["-l", mountDir], { stdio: "ignore" });
  fs.rmSync(mountDir, { recursive: true, force: true });
});

describe("a failing COMMIT", () => {
  it("releases the connection: the transaction is rolled back and the next statements answer", async () => {
    // A deferred foreign key is checked at COMMIT: the COMMIT fails and SQLite keeps the transaction open.
    const failed = await within(
      5000,
      "the failing transaction",
      prisma
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
          await tx.$executeRawUnsafe("INSERT INTO test_child (parentId) VALUES (42)");
        })
        .then(
          () => null,
          (e: Error) => e,
        ),
    );
    expect(failed?.message).toMatch(/FOREIGN KEY|ForeignKey/i);
    expect(await within(3000, "a read after it", prisma.user.count())).toBeGreaterThan(0);
    const rows = await within(3000, "another read", prisma.$queryRawUnsafe<unknown[]>("SELECT * FROM test_child"));
    expect(rows).toEqual([]);
    // And a later transaction commits normally.
    await within(
      3000,
      "a later transaction",
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO test_parent (id) VALUES (42)");
        await tx.$executeRawUnsafe("INSERT INTO test_child (parentId) VALUES (42)");
      }),
    );
    expect(await prisma.$queryRawUnsafe<unknown[]>("SELECT * FROM test_child")).toHaveLength(1);
  });
});

describe(`a full disk (${mounted ? "tmpfs" : "max_page_count"})`, () => {
  const comment = (lang: string, text: string) =>
    callRoute(answerStorageFull(pageRoute.action, "page"), {
      path: `/cases/${slug}?lang=${lang}`,
      params: { slug },
      cookie: author.cookie,
      form: { intent: "comment", text },
    });

  it("a comment is refused with a clear message in each language, nothing is saved, and after the disk is freed everything answers", async () => {
    const before = await prisma.comment.count();
    await fillStorage();
    try {
      for (const [lang, message] of [
        ["zh-CN", /存储空间已满，未保存任何内容/],
        ["en", /Storage is full: nothing was saved/],
      ] as const) {
        const res = await within(10_000, "the comment post", comment(lang, bigText(1000)));
        expect(res.status).toBe(507);
        expect(String(res.data)).toMatch(message);
      }
      // Reads still answer while the disk is full.
      expect(await within(3000, "a read on a full disk", prisma.comment.count())).toBe(before);
    } finally {
      await freeStorage();
    }
    const after = await within(10_000, "a comment after freeing the disk", comment("en", "space again"));
    expect([200, 302]).toContain(after.status);
    expect(await prisma.comment.count()).toBe(before + 1);
  });

  it("the autosave endpoint answers JSON", async () => {
    await fillStorage();
    try {
      const res = await within(
        10_000,
        "the autosave",
        callRoute(answerStorageFull(draftsApi.action, "resource"), {
          path: "/resources/case-drafts?lang=en",
          cookie: author.cookie,
          form: {
            title: "Autosave on a full disk",
            summary: bigText(200),
            background: JSON.stringify({
              type: "doc",
              content: [{ type: "paragraph", content: [{ type: "text", text: bigText(3000) }] }],
            }),
            clientKey: crypto.randomUUID(),
            version: "0",
          },
        }),
      );
      expect(res.status).toBe(507);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(res.data).toEqual({ error: "storage-full", message: "Storage is full: nothing was saved" });
    } finally {
      await freeStorage();
    }
  });

  it.runIf(mounted)("an upload answers JSON and leaves no file behind", async () => {
    await prisma.user.update({ where: { id: author.id }, data: { emailVerifiedAt: new Date() } });
    const image = await sharp({
      create: {
        width: 1600,
        height: 1200,
        channels: 3,
        background: "#000",
        noise: { type: "gaussian", mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append("file", new File([new Uint8Array(image)], "noise.png", { type: "image/png" }));
    fs.mkdirSync(uploadsDir(), { recursive: true });
    await fillStorage();
    try {
      const res = await within(
        20_000,
        "the upload",
        callRoute(answerStorageFull(uploadRoute.action, "resource"), {
          path: "/resources/uploads?lang=zh-CN",
          cookie: author.cookie,
          form,
        }),
      );
      expect(res.status).toBe(507);
      expect(res.data.error).toBe("storage-full");
      expect(res.data.message).toBe("存储空间已满，未保存任何内容");
      expect(fs.readdirSync(uploadsDir())).toEqual([]);
    } finally {
      await freeStorage();
    }
  });
});

describe("the storage-full answer", () => {
  it("recognises SQLite's and the file system's full errors through their wrappers, and nothing else", () => {
    expect(isStorageFull(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }))).toBe(true);
    expect(isStorageFull(new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "ENOSPC" }) }))).toBe(
      true,
    );
    expect(isStorageFull({ meta: { driverAdapterError: { message: "database or disk is full" } } })).toBe(true);
    expect(isStorageFull(new Error("Unique constraint failed"))).toBe(false);
    expect(isStorageFull(null)).toBe(false);
  });

  it("is applied to every route of the build the server serves: pages throw 507, resource routes answer JSON", async () => {
    const full = () => {
      throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    };
    const build = {
      routes: {
        page: { id: "page", path: "p", module: { default: () => null, action: full } },
        api: { id: "api", path: "a", module: { loader: full } },
      },
    } as never;
    const wrapped = withStorageFullAnswers(build) as unknown as {
      routes: Record<string, { module: { action?: (a: unknown) => unknown; loader?: (a: unknown) => unknown } }>;
    };
    const args = { request: new Request("http://x/"), context: { locale: "en" }, params: {} };
    const thrown = await Promise.resolve(wrapped.routes.page!.module.action!(args)).catch((e: unknown) => e);
    expect((thrown as Response).status).toBe(507);
    const answered = (await wrapped.routes.api!.module.loader!(args)) as Response;
    expect(answered.status).toBe(507);
    expect(await answered.json()).toEqual({ error: "storage-full", message: "Storage is full: nothing was saved" });
  });
});
