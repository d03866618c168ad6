// Data at the dashboard's target scale for the `insights` benchmark case (issue 11
// point 7): 578 bases, 20,000 published cases, 100,000 adoptions and 100,000
// comments, a few calls with submissions and 180 days of search log, spread over
// the last three years. Written straight into a migrated SQLite file with
// better-sqlite3 in one transaction (about ten seconds): the models' per-row
// checks are what the other tests exercise; this is volume for the aggregates.
// Deterministic (seeded), marked isDemo where the table has the column.
//
//   node --import tsx tests/bench/lib/insights-data.ts DB_FILE
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { rng } from "../search/generate.ts";
import { INDUSTRIES } from "../../../app/models/industry.ts";
import { PROVINCES } from "../../../app/models/province.ts";

export const SCALE = { bases: 578, cases: 20_000, adoptions: 100_000, comments: 100_000, members: 2_000 };

const DAY = 86_400_000;
const STAGES = ["pilot", "implemented", "scaled"];
const ADOPTION_STAGES = ["considering", "piloting", "adopted"];
const QUERIES = [
  "跨境电商",
  "海外仓",
  "品牌建设",
  "数字化转型",
  "公共服务平台",
  "标准认证",
  "人才培养",
  "物流",
  "展会",
  "直播电商",
  "cross-border e-commerce",
  "overseas warehouse",
  "branding",
  "digital",
  "logistics",
  "export credit insurance",
  "市场采购",
  "外贸综合服务",
  "产业集群",
  "绿色低碳",
  "知识产权",
  "RCEP",
  "中欧班列",
  "检验检测",
  "供应链金融",
];

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

export function generateInsightsData(dbFile: string, opts: { now?: number; seed?: number } = {}) {
  const now = opts.now ?? Date.now();
  const rand = rng(opts.seed ?? 11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const id = (prefix: string) => `${prefix}${crypto.randomBytes(10).toString("hex")}`;
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");

  const stamp = crypto.randomBytes(3).toString("hex");
  db.transaction(() => {
    // Bases: the seed's, then generated ones up to 578.
    const have = (db.prepare("SELECT count(*) AS n FROM Base").get() as { n: number }).n;
    const insertBase = db.prepare(
      `INSERT INTO Base (id, code, slug, nameZh, nameEn, industry, province, cityZh, cityEn, isDemo, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, '城市', 'City', 1, ?, ?)`,
    );
    for (let i = have; i < SCALE.bases; i++) {
      const slug = `scale-base-${stamp}-${i}`;
      insertBase.run(
        id("b"),
        `SCALE-${stamp}-${i}`,
        slug,
        `规模测试基地${i}`,
        `Scale Base ${i}`,
        pick(INDUSTRIES),
        pick(PROVINCES),
        iso(now),
        iso(now),
      );
    }
    const bases = db.prepare("SELECT id, industry, province FROM Base").all() as Array<{
      id: string;
      industry: string;
      province: string;
    }>;
    // About 70 % of the bases publish; the rest stay silent (the coverage gap).
    const publishing = bases.filter(() => rand() < 0.7);

    const insertUser = db.prepare(
      `INSERT INTO User (id, email, username, displayName, passwordHash, role, baseId, baseVerifiedAt, emailVerifiedAt, isDemo, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 'x', 'member', ?, ?, ?, 1, ?, ?)`,
    );
    const members: string[] = [];
    for (let i = 0; i < SCALE.members; i++) {
      const uid = id("u");
      insertUser.run(
        uid,
        `scale-${stamp}-${i}@example.test`,
        `scale_${stamp}_${i}`,
        `规模成员${i}`,
        pick(bases).id,
        iso(now),
        iso(now),
        iso(now),
        iso(now),
      );
      members.push(uid);
    }

    const topics = (db.prepare("SELECT id FROM Topic").all() as Array<{ id: string }>).map((t) => t.id);
    const insertCase = db.prepare(
      `INSERT INTO CaseStudy (id, slug, authorId, baseId, status, title, summary, stage, industry, province, publishedAt,
                              revisionNumber, draft, isDemo, createdAt, updatedAt, commentCount)
       VALUES (?, ?, ?, ?, 'published', ?, ?, ?, ?, ?, ?, 1, '{}', 1, ?, ?, 0)`,
    );
    const insertRevision = db.prepare(
      `INSERT INTO CaseRevision (id, caseId, number, editorId, content, createdAt) VALUES (?, ?, 1, ?, '{}', ?)`,
    );
    const insertCaseTopic = db.prepare("INSERT OR IGNORE INTO CaseTopic (caseId, topicId) VALUES (?, ?)");
    const cases: Array<{ id: string; baseId: string; province: string; industry: string; publishedAt: number }> = [];
    for (let i = 0; i < SCALE.cases; i++) {
      const cid = id("c");
      const base = pick(publishing);
      const publishedAt = now - Math.floor(rand() * 3 * 365) * DAY - Math.floor(rand() * DAY);
      insertCase.run(
        cid,
        `scale-case-${stamp}-${i}`,
        pick(members),
        base.id,
        `规模测试案例 ${i}`,
        "规模测试用的案例摘要。",
        pick(STAGES),
        base.industry,
        base.province,
        iso(publishedAt),
        iso(publishedAt),
        iso(publishedAt),
      );
      insertRevision.run(id("r"), cid, members[0]!, iso(publishedAt));
      const n = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < n && topics.length; k++) insertCaseTopic.run(cid, pick(topics));
      cases.push({ id: cid, baseId: base.id, province: base.province, industry: base.industry, publishedAt });
    }

    // Adoptions: popular cases get more (a skewed pick), one per case × base, never the case's own base.
    const insertAdoption = db.prepare(
      `INSERT OR IGNORE INTO Adoption (id, caseId, baseId, userId, stage, note, stageChangedAt, isDemo, createdAt, updatedAt,
                                       adopterProvince, adopterIndustry, sourceProvince, sourceIndustry)
       VALUES (?, ?, ?, ?, ?, '', ?, 1, ?, ?, ?, ?, ?, ?)`,
    );
    let adoptions = 0;
    while (adoptions < SCALE.adoptions) {
      const c = cases[Math.floor(rand() ** 2 * cases.length)]!;
      const base = pick(bases);
      if (base.id === c.baseId) continue;
      const at = c.publishedAt + Math.floor(rand() * Math.max(1, now - c.publishedAt));
      adoptions += insertAdoption.run(
        id("a"),
        c.id,
        base.id,
        pick(members),
        pick(ADOPTION_STAGES),
        iso(at),
        iso(at),
        iso(at),
        base.province,
        base.industry,
        c.province,
        c.industry,
      ).changes;
    }
    db.exec("UPDATE CaseStudy SET adoptionCount = (SELECT count(*) FROM Adoption a WHERE a.caseId = CaseStudy.id)");

    // Comments: 40 % top-level, the rest replies to an earlier top-level comment of the same case.
    const insertComment = db.prepare(
      `INSERT INTO Comment (id, caseId, authorId, parentId, rootId, depth, body, bodyText, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?)`,
    );
    const tops: Array<{ id: string; caseId: string; at: number }> = [];
    for (let i = 0; i < SCALE.comments; i++) {
      const cmid = id("m");
      if (tops.length === 0 || rand() < 0.4) {
        const c = pick(cases);
        const at = c.publishedAt + Math.floor(rand() * Math.max(1, now - c.publishedAt));
        insertComment.run(cmid, c.id, pick(members), null, null, 0, "请问这个做法的投入大概是多少？", iso(at));
        tops.push({ id: cmid, caseId: c.id, at });
      } else {
        const q = pick(tops);
        const at = Math.min(now, q.at + Math.floor(rand() * 30 * DAY));
        insertComment.run(cmid, q.caseId, pick(members), q.id, q.id, 1, "我们的经验是先从公共服务平台做起。", iso(at));
      }
    }
    db.exec(
      "UPDATE CaseStudy SET commentCount = (SELECT count(*) FROM Comment m WHERE m.caseId = CaseStudy.id AND m.deletedAt IS NULL)",
    );
    // Comment.answeredAt as the comment model keeps it (refreshAnswered): the first
    // visible reply to a question by someone other than its author.
    db.exec(
      `UPDATE Comment SET answeredAt = (SELECT min(r.createdAt) FROM Comment r WHERE r.rootId = Comment.id
         AND r.authorId <> Comment.authorId AND r.deletedAt IS NULL AND r.hiddenAt IS NULL AND r.pendingAt IS NULL)
       WHERE parentId IS NULL`,
    );

    // Calls with submissions.
    const insertCall = db.prepare(
      `INSERT INTO Call (id, slug, title, description, deadline, status, createdById, openedAt, isDemo, createdAt, updatedAt)
       VALUES (?, ?, ?, '{}', ?, ?, ?, ?, 1, ?, ?)`,
    );
    const insertSubmission = db.prepare(
      `INSERT OR IGNORE INTO Submission (id, callId, caseId, submitterId, baseId, status, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let k = 0; k < 6; k++) {
      const callId = id("k");
      const deadline = now - (k - 1) * 60 * DAY;
      insertCall.run(
        callId,
        `scale-call-${stamp}-${k}`,
        `规模测试征集 ${k}`,
        iso(deadline),
        k === 0 ? "open" : "decided",
        members[0]!,
        iso(deadline - 45 * DAY),
        iso(now),
        iso(now),
      );
      for (let s = 0; s < 60; s++) {
        const c = pick(cases);
        insertSubmission.run(
          id("s"),
          callId,
          c.id,
          members[0]!,
          c.baseId,
          k === 0 ? "submitted" : pick(["selected", "not-selected"]),
          iso(now),
          iso(now),
        );
      }
    }

    // 180 days of search demand: ~250 distinct queries a day in two languages.
    const insertQuery = db.prepare(
      `INSERT OR IGNORE INTO SearchQueryDaily (day, query, locale, searches, zeroResults) VALUES (?, ?, ?, ?, ?)`,
    );
    for (let d = 0; d < 180; d++) {
      const day = new Date(now - d * DAY + 8 * 3600_000).toISOString().slice(0, 10);
      for (let q = 0; q < 250; q++) {
        const base = QUERIES[q % QUERIES.length]!;
        const query = q < QUERIES.length ? base : `${base} ${q}`;
        const searches = 1 + Math.floor(rand() ** 3 * 40);
        insertQuery.run(day, query, rand() < 0.8 ? "zh-CN" : "en", searches, rand() < 0.1 ? searches : 0);
      }
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

const invokedDirectly = process.argv[1]?.endsWith("insights-data.ts");
if (invokedDirectly) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node --import tsx tests/bench/lib/insights-data.ts DB_FILE");
    process.exit(1);
  }
  const started = Date.now();
  generateInsightsData(file);
  console.error(`[insights-data] generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
