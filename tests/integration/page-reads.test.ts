// The pages' hot reads are hand-written SQL on the read connection (ADR 012, 048),
// written once in SQLite's dialect and translated for PostgreSQL (sql-dialect.ts).
// This runs every one of them on both databases, each prepared the way an operator
// prepares one (migrations, then the demo data), with the same few extra rows (a
// translation, an attachment, comments), and checks both answer the same — and that
// the answers are the ones the pages need (counts, filters, pagination, order).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeReadConnection, readDate, readStatement } from "~/utils/db-read.server.ts";
import { toPostgres } from "~/utils/sql-dialect.ts";
import { pgConfig } from "~/utils/pg-adapter.ts";
import { countCases, findCaseBySlug, getPublishedCase, listCases, newestReadableFirst } from "~/models/case.server.ts";
import { baseNamesBySlug, featuredBases, getBaseBySlug } from "~/models/base.server.ts";
import { getTopic, listTopics, topicsWithCounts } from "~/models/topic.server.ts";
import { homeCuration } from "~/models/collection.server.ts";
import { profileByUsername } from "~/models/user.server.ts";
import { memberComments } from "~/models/profile.server.ts";
import { listAttachments } from "~/models/attachment.server.ts";
import { readTranslation } from "~/models/case-translation.server.ts";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.ts";

const ROOT = path.resolve(".");

/** Migrations and the demo seed, as `npm run serve -- --prepare` runs them. */
function prepareDatabase(url: string, dataDir: string) {
  const { NODE_ENV: _unused, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: url, DATA_DIR: dataDir, DEMO_DATA: "true" } as unknown as NodeJS.ProcessEnv;
  for (const script of ["scripts/migrate.ts", "scripts/prepare.ts"]) {
    execFileSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  }
}

interface Target {
  name: string;
  url: string;
  dataDir: string;
  /** Runs a writing statement (SQLite's dialect, ? parameters) on this database. */
  exec(sql: string, ...args: unknown[]): Promise<void>;
  close(): Promise<void>;
}

function use(t: Target) {
  process.env.DATABASE_URL = t.url;
  process.env.DATA_DIR = t.dataDir;
}

/** The same extra rows on each database: what the demo data lacks (a translation, an attachment, comments). */
async function addRows(t: Target) {
  use(t);
  const c = (await readStatement(
    "SELECT c.id, c.authorId FROM CaseStudy c WHERE c.status = 'published' AND c.contentLanguage = 'zh-CN' ORDER BY c.slug LIMIT 1",
  ).get()) as { id: string; authorId: string };
  const when = "2026-01-02T03:04:05.006Z";
  await t.exec(
    `INSERT INTO CaseTranslation (id, caseId, locale, title, summary, content, revisionNumber, updatedById, createdAt, updatedAt)
     VALUES ('tr1', ?, 'en', 'Translated title', 'Translated summary', '{"practice":{"type":"doc","content":[]}}', 2, ?, ?, ?)`,
    c.id,
    c.authorId,
    when,
    when,
  );
  for (const [id, position] of [
    ["att2", 1],
    ["att1", 0],
  ] as const) {
    await t.exec(
      `INSERT INTO Attachment (id, caseId, uploaderId, fileName, contentType, size, storageKey, position, createdAt)
       VALUES (?, ?, ?, ?, 'application/pdf', 1234, 'k', ?, ?)`,
      id,
      c.id,
      c.authorId,
      `${id}.pdf`,
      position,
      when,
    );
  }
  // Twelve comments by the case's author (two pages of ten), one of them hidden.
  for (let i = 0; i < 12; i++) {
    await t.exec(
      `INSERT INTO Comment (id, caseId, authorId, depth, body, bodyText, helpfulCount, hiddenAt, createdAt)
       VALUES (?, ?, ?, 0, '{}', ?, 0, ?, ?)`,
      `cm${String(i).padStart(2, "0")}`,
      c.id,
      c.authorId,
      `comment number ${i}  with   spaces`,
      i === 5 ? when : null,
      `2026-01-0${1 + Math.floor(i / 4)}T0${i % 4}:00:00.000Z`,
    );
  }
  return c.id;
}

/** What every page read answers on the database in use. */
async function pageReads(caseId: string) {
  const author = (await readStatement(
    "SELECT u.username FROM User u JOIN CaseStudy c ON c.authorId = u.id WHERE c.id = ?",
  ).get(caseId)) as { username: string };
  const authorId = (
    (await readStatement("SELECT authorId FROM CaseStudy WHERE id = ?").get(caseId)) as {
      authorId: string;
    }
  ).authorId;
  const topics = await listTopics();
  const firstBase = (await readStatement("SELECT slug FROM Base ORDER BY slug LIMIT 1").get()) as { slug: string };
  const caseSlug = ((await readStatement("SELECT slug FROM CaseStudy WHERE id = ?").get(caseId)) as { slug: string })
    .slug;
  const newest = await listCases({}, { take: 5 });
  const second = await listCases({}, { take: 5, cursor: newest.nextCursor });
  const found = await findCaseBySlug(caseSlug);
  const published = await getPublishedCase(found!.id);
  const curation = await homeCuration("en", 2, 4, 3);
  // The calls' instants travel inside JSON (ADR 082): the same instants as the columns read plainly.
  const deadlines = (await readStatement(
    "SELECT deadline FROM Call WHERE status = 'open' ORDER BY deadline, id LIMIT 3",
  ).all()) as Array<{ deadline: string }>;
  return {
    topics,
    topicsWithCounts: await topicsWithCounts(),
    topic: await getTopic(topics[0]!.slug),
    noTopic: await getTopic("no-such-topic"),
    listings: {
      newest,
      second,
      byTopic: await listCases({ topic: topics[0]!.slug }, { take: 3 }),
      byBase: await listCases({ base: firstBase.slug }, { take: 3 }),
      byAuthor: await listCases({ author: authorId }, { take: 3 }),
      english: await listCases({ inLanguage: "en" }, { take: 50 }),
      preferEnglish: await newestReadableFirst("en", 6),
      helpfulPage2: await listCases({}, { take: 4, sort: "helpful", offset: 4 }),
      pastTheEnd: await listCases({}, { take: 20, offset: 1000 }),
      nothing: await listCases({ topic: "no-such-topic" }, { take: 20 }),
      counts: [
        await countCases({}),
        await countCases({ inLanguage: "en" }),
        await countCases({ base: firstBase.slug }),
      ],
    },
    base: await getBaseBySlug(firstBase.slug),
    baseNames: await baseNamesBySlug(firstBase.slug),
    noBase: await getBaseBySlug("no-such-base"),
    curation,
    callDeadlinesAsStored:
      curation.calls.length === deadlines.length &&
      curation.calls.every((c, i) => c.deadline.getTime() === readDate(deadlines[i]!.deadline)!.getTime()),
    curationZh: await homeCuration("zh-CN", 1, 2, 1),
    noCollection: await homeCuration("en", 0, 2, 3),
    homeBases: await featuredBases(6),
    published,
    translation: await readTranslation(caseId, "en"),
    noTranslation: await readTranslation(caseId, "zh-CN"),
    attachments: await listAttachments(caseId),
    profile: await profileByUsername(author.username.toUpperCase()),
    noProfile: await profileByUsername("no-such-member"),
    comments: await memberComments(authorId, "en", { page: 1, perPage: 10 }),
    comments2: await memberComments(authorId, "en", { page: 2, perPage: 10 }),
    commentsPastEnd: await memberComments(authorId, "en", { page: 9, perPage: 10 }),
  };
}

const ID_KEYS = /^(id|.*Id|nextCursor)$/;
/** Values the demo seed makes differently on each run (it picks the adopted cases by a hash of random ids). */
const SEED_KEYS = new Set(["adoptionCount"]);

/** Ids, cursors, instants and seed-dependent counts replaced by what kind of value they are. */
function normalise(v: unknown, key = ""): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "invalid date" : "date";
  if (Array.isArray(v)) return v.map((x) => normalise(x));
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x, k)]));
  }
  if (SEED_KEYS.has(key)) return typeof v;
  if (typeof v === "string" && ID_KEYS.test(key)) return "id";
  if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) return "instant";
  return v;
}

function sqliteTarget(): Target {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-reads-sqlite-"));
  const url = `file:${path.join(dataDir, "app.db")}`;
  prepareDatabase(url, dataDir);
  const db = new Database(path.join(dataDir, "app.db"));
  return {
    name: "sqlite",
    url,
    dataDir,
    exec: async (sql, ...args) => void db.prepare(sql).run(...args),
    close: async () => {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresTarget(cluster: PostgresCluster): Target {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bee-reads-pg-"));
  prepareDatabase(cluster.url, dataDir);
  const pool = new pg.Pool({ ...pgConfig(cluster.url), max: 1 });
  pool.on("error", () => {}); // the cluster's fast shutdown closes idle connections
  return {
    name: "postgresql",
    url: cluster.url,
    dataDir,
    exec: async (sql, ...args) => void (await pool.query(toPostgres(sql).text, args)),
    close: async () => {
      await pool.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const saved = { url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR };
afterAll(() => {
  closeReadConnection();
  process.env.DATABASE_URL = saved.url;
  process.env.DATA_DIR = saved.dataDir;
});

describe("page reads on SQLite", () => {
  let t: Target;
  let reads: Awaited<ReturnType<typeof pageReads>>;
  beforeAll(async () => {
    t = sqliteTarget();
    reads = await pageReads(await addRows(t));
  }, 120_000);
  afterAll(async () => {
    closeReadConnection();
    await t?.close();
  });

  it("lists pages with their totals, in order, and past the end", () => {
    const { newest, second, pastTheEnd, nothing, counts, helpfulPage2, byAuthor } = reads.listings;
    expect(newest.cases).toHaveLength(5);
    expect(newest.total).toBe(counts[0]);
    expect(counts[0]).toBeGreaterThan(10);
    // The cursor's page continues where the first ended; its total is still every match.
    expect(second.total).toBe(counts[0]);
    const dates = [...newest.cases, ...second.cases].map((c) => c.publishedAt!.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(new Set([...newest.cases, ...second.cases].map((c) => c.slug)).size).toBe(10);
    expect(pastTheEnd).toMatchObject({ cases: [], total: counts[0] });
    expect(nothing).toMatchObject({ cases: [], total: 0 });
    expect(helpfulPage2.cases).toHaveLength(4);
    expect(byAuthor.cases.length).toBeGreaterThan(0);
    expect(byAuthor.total).toBeGreaterThanOrEqual(byAuthor.cases.length);
  });

  it("reads the case page's case: base, author, topics, translations, latest revision", () => {
    const c = reads.published!;
    expect(c.revisionNumber).toBeGreaterThan(0);
    expect(c.content.title).toBe(c.title);
    expect(c.revisionAt).toBeInstanceOf(Date);
    expect(c.base?.cityZh).toBeTruthy();
    expect(c.author.username).toBeTruthy();
    expect(c.topics.length).toBeGreaterThan(0);
    expect(c.translations).toEqual([{ locale: "en", title: "Translated title", summary: "Translated summary" }]);
    expect(reads.translation).toMatchObject({ title: "Translated title", revisionNumber: 2 });
    expect(reads.translation!.updatedAt.toISOString()).toBe("2026-01-02T03:04:05.006Z");
    expect(reads.noTranslation).toBeNull();
    expect(reads.attachments.map((a) => a.fileName)).toEqual(["att1.pdf", "att2.pdf"]);
    // The English reader's listing counts the translated case.
    expect(reads.listings.english.cases.map((x) => x.slug)).toContain(c.slug);
  });

  it("reads the profile and its visible comments, paginated and counted", () => {
    expect(reads.profile?.username).toBe(reads.published!.author.username);
    expect(reads.profile?.createdAt).toBeInstanceOf(Date);
    expect(reads.noProfile).toBeNull();
    expect(reads.comments.total).toBe(11); // the hidden one is not counted
    expect(reads.comments.comments).toHaveLength(10);
    expect(reads.comments.comments[0]).toMatchObject({ excerpt: "comment number 11 with spaces" });
    expect(reads.comments2.comments).toHaveLength(1);
    expect(reads.commentsPastEnd).toEqual({ total: 11, comments: [] });
  });

  it("reads the home page's curation, the base page and the topics", () => {
    expect(reads.curation.calls.length).toBeGreaterThan(0);
    expect(reads.curation.calls[0]!.deadline).toBeInstanceOf(Date);
    expect(reads.callDeadlinesAsStored).toBe(true);
    expect(reads.curation.collections.length).toBeGreaterThan(0);
    expect(reads.curation.collections[0]!.cases.length).toBeGreaterThan(0);
    expect(reads.curation.collections[0]!.count).toBeGreaterThanOrEqual(reads.curation.collections[0]!.cases.length);
    expect(reads.curationZh.calls.length).toBe(1);
    expect(reads.curationZh.collections[0]!.cases.length).toBeLessThanOrEqual(2);
    // No collection asked for: the calls still come.
    expect(reads.noCollection.collections).toEqual([]);
    expect(reads.noCollection.calls.map((c) => c.slug)).toEqual(reads.curation.calls.map((c) => c.slug));
    expect(reads.homeBases.bases).toHaveLength(6);
    expect(reads.homeBases.total).toBeGreaterThanOrEqual(6);
    expect(reads.base?.base.slug).toBe(reads.baseNames?.slug);
    expect(reads.base?.viewerFollows).toBeNull();
    expect(reads.topic?.viewerFollows).toBeNull();
    expect(reads.noBase).toBeNull();
    expect(reads.topic?.slug).toBe(reads.topics[0]!.slug);
    expect(reads.noTopic).toBeNull();
  });

  const unavailable = postgresUnavailable();
  if (unavailable && process.env.CI) throw new Error(unavailable);

  describe.skipIf(unavailable)("and the same on PostgreSQL", () => {
    let cluster: PostgresCluster;
    let p: Target;
    beforeAll(async () => {
      cluster = await startPostgres();
      p = postgresTarget(cluster);
    }, 180_000);
    afterAll(async () => {
      closeReadConnection();
      await p?.close();
      await cluster?.stop();
    });

    it("answers every page read as SQLite does", async () => {
      const onPostgres = await pageReads(await addRows(p));
      expect(normalise(onPostgres)).toEqual(normalise(reads));
    }, 60_000);
  });
});
