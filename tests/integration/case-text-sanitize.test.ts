// Issue 10.5: case titles and summaries kept NUL, right-to-left overrides and
// zero-width characters and showed them raw in <title>, og:title, listings and
// the API. New input is cleaned by the form schema and by the model (which the
// importer uses too); rows stored before are cleaned by a data migration
// (columns) and on read (stored JSON content).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { createDraft, getCaseForEditing, getRevisionContents, publishCase } from "~/models/case.server.ts";
import { emptyContent, type CaseContent } from "~/models/case-content.ts";
import { drainSearchOutbox } from "~/jobs/search-outbox.server.ts";
import { cleanText, hasInvisibleChars } from "~/utils/text.ts";
import * as casePage from "~/routes/cases.$slug/route.tsx";
import * as casesList from "~/routes/cases._index/route.tsx";
import * as newCase from "~/routes/cases.new/route.tsx";
import * as api from "~/routes/api.search/route.tsx";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { callRoute } from "../helpers/route.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser, freshIp } from "../helpers/users.ts";

const DIRTY = "\u0000\u202e\u200b\u2066\ufeff\u0007";
const MIGRATION = path.resolve("prisma/migrations/20261206120000_harden_sec_clean_case_text/migration.sql");

let admin: { id: string; role: string; baseId: string; baseVerified: boolean; emailVerified: boolean };
let cookie = "";

function content(title: string, summary: string): CaseContent {
  return {
    ...emptyContent(),
    title,
    summary,
    topics: ["logistics"],
    stage: "pilot",
    periodStart: 2022,
    baseId: admin.baseId,
  };
}

/** Every string in a value, deeply. */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v).flatMap(strings);
  return [];
}

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  const base = await createTestBase();
  const u = await createTestUser({ role: "admin" });
  await prisma.user.update({ where: { id: u.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  admin = { id: u.id, role: "admin", baseId: base.id, baseVerified: true, emailVerified: true };
  cookie = await cookieFor(u.id);
});

describe("cleanText", () => {
  it("drops NUL, controls, bidi and zero-width characters; keeps lines only where asked", () => {
    expect(cleanText(`数字化${DIRTY}转型\t\n平台`)).toBe("数字化转型  平台".replace("  ", " "));
    expect(cleanText("a\r\nb\u202ac", { lines: true })).toBe("a\nbc");
    expect(hasInvisibleChars("正常名字")).toBe(false);
    expect(hasInvisibleChars("名\u200d字")).toBe(true);
  });
});

describe("new input", () => {
  it("the case form stores a clean title and summary", async () => {
    const res = await callRoute(newCase.action, {
      path: "/cases/new",
      cookie,
      form: {
        intent: "save",
        clientKey: crypto.randomUUID(),
        title: `跨境电商${DIRTY}平台`,
        summary: `摘要\u202e文字${DIRTY}`,
      },
    });
    expect(res.status).toBe(302);
    const stored = await prisma.caseStudy.findFirstOrThrow({
      where: { authorId: admin.id },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(stored.draft).title).toBe("跨境电商平台");
    expect(JSON.parse(stored.draft).summary).toBe("摘要文字");
  });

  it("the model cleans what the importer or any other caller hands it", async () => {
    const d = await createDraft(admin.id, crypto.randomUUID(), content(`导入${DIRTY}标题`, "s"));
    const r = await publishCase(d.id, admin, content(`导入${DIRTY}标题`, `导入${DIRTY}摘要`), {
      expectedVersion: d.draftVersion,
    });
    const row = await prisma.caseStudy.findUniqueOrThrow({ where: { slug: r.slug } });
    expect([row.title, row.summary]).toEqual(["导入标题", "导入摘要"]);
  });
});

// SQLite only: the migration under test is SQLite's; PostgreSQL's baseline came after it
// (its databases never held such rows), and PostgreSQL cannot store the NUL it removes.
describe.skipIf(sqlProvider() === "postgresql")("rows stored before the fix", () => {
  it("the migration cleans the columns and queues re-indexing; pages, listings and the API show clean text", async () => {
    const d = await createDraft(admin.id, crypto.randomUUID(), content("物流枢纽", "多式联运"));
    const { slug } = await publishCase(d.id, admin, content("物流枢纽", "多式联运"), {
      expectedVersion: d.draftVersion,
    });
    await drainSearchOutbox("test");
    // What an old row looked like: dirty columns and dirty stored revision JSON.
    const db = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
    db.prepare(`UPDATE CaseStudy SET title = ?, titleEn = ?, summary = ? WHERE id = ?`).run(
      `物流${DIRTY}枢纽`,
      `Logistics\u202e hub`,
      `多式\u0000联运`,
      d.id,
    );
    const revision = db.prepare("SELECT id, content FROM CaseRevision WHERE caseId = ?").get(d.id) as {
      id: string;
      content: string;
    };
    const dirtyContent = { ...JSON.parse(revision.content), title: `物流${DIRTY}枢纽`, summary: `多式\u0000联运` };
    db.prepare("UPDATE CaseRevision SET content = ? WHERE id = ?").run(JSON.stringify(dirtyContent), revision.id);
    db.prepare("UPDATE CaseStudy SET draft = ? WHERE id = ?").run(JSON.stringify(dirtyContent), d.id);
    const outboxBefore = (db.prepare("SELECT count(*) AS n FROM SearchOutbox").get() as { n: number }).n;

    db.exec(fs.readFileSync(MIGRATION, "utf8"));
    const row = db.prepare("SELECT title, titleEn, summary FROM CaseStudy WHERE id = ?").get(d.id);
    expect(row).toEqual({ title: "物流枢纽", titleEn: "Logistics hub", summary: "多式联运" });
    expect((db.prepare("SELECT count(*) AS n FROM SearchOutbox").get() as { n: number }).n).toBeGreaterThan(
      outboxBefore,
    );
    // Clean rows are left alone: running it again changes and queues nothing.
    const queued = (db.prepare("SELECT count(*) AS n FROM SearchOutbox").get() as { n: number }).n;
    db.exec(fs.readFileSync(MIGRATION, "utf8"));
    expect((db.prepare("SELECT count(*) AS n FROM SearchOutbox").get() as { n: number }).n).toBe(queued);
    db.close();

    // <title>, og:title and description come from the stored revision, cleaned on read.
    const page = await callRoute(casePage.loader, { path: `/cases/${slug}`, params: { slug } });
    expect(page.status).toBe(200);
    const meta = casePage.meta({ data: page.data } as never) as Array<Record<string, string>>;
    for (const s of strings(meta)) expect(hasInvisibleChars(s.replace(/[\n]/g, "")), s).toBe(false);
    expect(strings(meta).join(" ")).toContain("物流枢纽");
    // Stored JSON (the working copy, revisions: edit page, history) is cleaned on read.
    const editable = await getCaseForEditing(d.id, admin);
    expect([editable!.content.title, editable!.content.summary]).toEqual(["物流枢纽", "多式联运"]);
    const [revisionContent] = await getRevisionContents(d.id, [1]);
    expect(revisionContent!.content.title).toBe("物流枢纽");
    // The page itself shows the stored revision's content.
    for (const s of strings(page.data)) expect(hasInvisibleChars(s.replace(/[\t\n]/g, "")), s).toBe(false);

    const list = await callRoute(casesList.loader, { path: "/cases" });
    const listed = strings(list.data).filter((s) => s.includes("物流") || s.includes("多式"));
    expect(listed.length).toBeGreaterThan(0);
    for (const s of listed) expect(hasInvisibleChars(s), s).toBe(false);

    await drainSearchOutbox("test");
    const found = await callRoute(api.loader, {
      path: `/api/search?q=${encodeURIComponent("物流枢纽")}`,
      headers: { "x-test-ip": freshIp() },
    });
    expect(found.status).toBe(200);
    const hit = (found.data.hits as Array<{ slug: string; titleHtml: string }>).find((h) => h.slug === slug);
    expect(hit?.titleHtml.replace(/<\/?mark>/g, "")).toBe("物流枢纽");
    for (const s of strings(hit)) expect(hasInvisibleChars(s.replace(/\n/g, "")), s).toBe(false);
  });
});
