// The worker threads run segmentChunk's own source text: their cut and word counts
// must be exactly the calling thread's, domain terms included.
import { afterAll, describe, expect, it } from "vitest";
import { closeSegmentPool, segmentPool, SegmentPool } from "./segment-pool.server.ts";
import { addTerms, dictionaryTerms, segmentChunkInline } from "./segment.ts";
import { lexemeMemo, tsvectorEntries, tsvectorText, type TsvectorOptions } from "./tsvector.ts";

const docs = [
  [
    "义乌跨境电商品牌建设",
    "外贸转型升级基地推动企业出海",
    "",
    "通过跨境电商平台，基地企业建立自主品牌，海外仓物流降低成本。",
  ],
  [
    "Cross-border e-commerce for ceramics",
    "跨境电商 export channels",
    "Ｆｕｌｌ-width ＡＢＣ 12.5%",
    "数字化转型 raised export orders; b2b电商",
  ],
  ["", "", "", ""],
];

describe("segmentation worker pool", () => {
  afterAll(() => closeSegmentPool());

  it("cuts and counts exactly as the calling thread does", async () => {
    addTerms(["冷链物流园"]);
    const pool = segmentPool(2, dictionaryTerms());
    const withTerm = [...docs, ["冷链物流园建成", "", "", ""]];
    const [a, b] = await Promise.all([pool.run(withTerm), pool.run(docs.slice(0, 1))]);
    expect(a).toEqual(segmentChunkInline(withTerm));
    expect(b).toEqual(segmentChunkInline(docs.slice(0, 1)));
    expect(a.texts[3]![0]).toContain("冷链物流园");
    expect(a.df.get("电商")).toBe(2);
  });

  it("builds the PostgreSQL engine's index entries exactly as the calling thread does", async () => {
    const pool = segmentPool(2, dictionaryTerms());
    const opts: TsvectorOptions = { inHead: [true, true, true, false], phrases: [["export", [["channels"]]]] };
    const extras = [["~b1"], ["~b2", "~stage=pilot"], []];
    const entries = await pool.runTsvector(docs, opts, extras);
    expect(entries).toEqual(tsvectorEntries(segmentChunkInline(docs).texts, opts, lexemeMemo(), extras));
    // The phrase lexeme sits at its first word's position, in the head too (a summary field).
    expect(tsvectorText(entries[1]!.head)).toContain("'export channels':");
    // Lexemes sorted as PostgreSQL sorts them (UTF-8 bytes): "~" after Latin letters, before Chinese.
    expect(tsvectorText(entries[1]!.tsv)).toMatch(/'ceramics':\d+A .*'~b2' '~stage=pilot' '数字'/);
    expect(entries[1]!.latin).toContain("ceramics");
    expect(tsvectorText(entries[2]!.tsv)).toBe("");
  });

  it("gets a fresh pool when dictionary terms are added", async () => {
    const before = segmentPool(2, dictionaryTerms());
    addTerms(["品牌出海服务站"]);
    const after = segmentPool(2, dictionaryTerms());
    expect(after).not.toBe(before);
    expect((await after.run([["品牌出海服务站"]])).texts[0]![0]).toContain("品牌出海服务站");
  });

  it("rejects jobs once closed", async () => {
    const pool = new SegmentPool(1, []);
    await pool.close();
    await expect(pool.run([["x"]])).rejects.toThrow(/not running/);
  });

  it("stops its threads after a while without jobs, and a new pool takes over", async () => {
    const pool = new SegmentPool(1, [], 50);
    await pool.run([["数字化转型"]]);
    expect(pool.size).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(pool.size).toBe(0);
    await expect(pool.run([["x"]])).rejects.toThrow(/not running/);
  });
});
