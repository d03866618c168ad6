// Properties of the import format (docs/import-format.md, issue 10.13): any JSON
// record gives an outcome — never an exception; a refused record names its
// problems; an imported case's text is within the form's limits and clean; and
// importing the same record again changes nothing (idempotence).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "./topic.server.ts";
import { createBases } from "./base.server.ts";
import { createUser } from "./user.server.ts";
import { LIMITS } from "./case-content.ts";
import { importCase } from "./case-import.server.ts";
import { hasInvisibleChars } from "~/utils/text.ts";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";

let actor: { id: string; role: string; baseId: string | null; baseVerified: boolean; emailVerified: boolean };
const BASE = "import-prop-base";

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  await createBases(prisma, [
    {
      code: "T-import-prop",
      slug: BASE,
      nameZh: "导入测试基地",
      nameEn: "Import Test Base",
      industry: "machinery-electrical",
      province: "zhejiang",
      cityZh: "杭州市",
      cityEn: "Hangzhou",
      descriptionZh: "",
      descriptionEn: "",
    } as never,
  ]);
  const admin = await createUser({
    email: "import-prop@example.cn",
    username: "import_prop",
    displayName: "导入",
    password: "violet-harbour-lantern-42",
    role: "admin",
    emailVerified: true,
  });
  actor = { id: admin.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true };
});

const text = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: max }),
    fc.string({ maxLength: max + 20, unit: "binary" }),
    fc.constantFrom("物流\u0000枢纽\u202e", "数字化转型", "", " ", "<b>x</b>"),
  );
const section = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  text(200),
  fc.constant({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "正文" }] }] }),
  fc.jsonValue({ maxDepth: 2 }),
);
const record = fc.record(
  {
    externalId: fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }).map((s) => `prop-${s}`),
      fc.jsonValue({ maxDepth: 0 }),
    ),
    base: fc.constantFrom(BASE, BASE, "no-such-base", ""),
    title: text(LIMITS.title),
    titleEn: fc.option(text(LIMITS.title), { nil: undefined }),
    summary: text(LIMITS.summary),
    topics: fc.oneof(
      fc.array(fc.constantFrom("logistics", "branding", "no-such-topic"), { maxLength: 6 }),
      fc.jsonValue({ maxDepth: 1 }),
    ),
    stage: fc.constantFrom("pilot", "implemented", "scaled", "bogus"),
    periodStart: fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.constantFrom("2021", "x", "")),
    periodEnd: fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: undefined }),
    metrics: fc.option(
      fc.array(fc.record({ label: text(90), after: text(45), before: fc.option(text(45), { nil: undefined }) }), {
        maxLength: 12,
      }),
      { nil: undefined },
    ),
    sections: fc.record({
      background: section,
      approach: section,
      results: section,
      replicability: section,
      lessons: section,
    }),
    publishedAt: fc.option(fc.constantFrom("2023-06-01", "2023-06-01T08:00:00+08:00", "yesterday"), { nil: undefined }),
  },
  { requiredKeys: [] },
);
/** Records a compendium would hold, with hostile characters in their text. */
const dirty = fc.constantFrom("", "\u0000", "\u202e", "\u200b", "\t", "\r\n");
const words = fc.constantFrom("公共海外仓", "数字化转型", "品牌建设", "Logistics hub", "检测平台");
const goodText = fc.tuple(words, dirty, words).map(([a, d, b]) => `${a}${d}${b}`);
const goodRecord = fc.record({
  externalId: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `good-${s}`),
  base: fc.constant(BASE),
  title: goodText,
  titleEn: fc.option(goodText, { nil: undefined }),
  summary: goodText,
  topics: fc.subarray(["logistics", "branding-quality", "digitization"], { minLength: 1 }),
  stage: fc.constantFrom("pilot", "implemented", "scaled"),
  periodStart: fc.integer({ min: 2000, max: 2024 }),
  metrics: fc.array(fc.record({ label: goodText, after: fc.constantFrom("30%", "1,200", "五天") }), { maxLength: 3 }),
  sections: fc.record({ background: goodText, approach: goodText, results: goodText, replicability: goodText }),
});
const raw = fc.oneof(goodRecord, goodRecord, record, fc.jsonValue({ maxDepth: 3 }));

describe("importCase (properties)", () => {
  it("never throws; refusals name their problems; imported text is within limits and clean; a second import changes nothing", async () => {
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(raw, async (r) => {
        const outcome = await importCase(r, 0, actor);
        if (outcome.status === "error") {
          expect(outcome.errors.length).toBeGreaterThan(0);
          for (const e of outcome.errors) expect(typeof e).toBe("string");
          return;
        }
        imported++;
        expect(["created", "updated", "unchanged"]).toContain(outcome.status);
        const row = await prisma.caseStudy.findUniqueOrThrow({ where: { slug: outcome.slug } });
        expect([...row.title].length).toBeLessThanOrEqual(LIMITS.title);
        expect([...row.summary].length).toBeLessThanOrEqual(LIMITS.summary);
        expect(hasInvisibleChars(row.title)).toBe(false);
        expect(hasInvisibleChars(row.summary.replace(/\n/g, ""))).toBe(false);
        const again = await importCase(r, 0, actor);
        expect(again).toEqual({ status: "unchanged", externalId: outcome.externalId, slug: outcome.slug });
      }),
      { numRuns: 150 },
    );
    // The generator reaches the import path, not only the refusals.
    expect(imported).toBeGreaterThan(5);
  }, 120_000);
});
