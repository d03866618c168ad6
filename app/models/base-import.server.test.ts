// The base list reader (docs/base-import-format.md): CSV and XLSX, BOM and
// GB18030, bad rows with their line numbers, duplicates within the file, limits.
import ExcelJS from "exceljs";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, parseBaseFile, pinyinOf } from "./base-import.server.ts";
import { planAgainst } from "./base-registry.server.ts";

const HEADER = "code,name_zh,name_en,province,city_zh,city_en,industry,recognition_batch,recognition_year,website";
const ROW_A =
  "ZJ-001,义乌小商品国家外贸转型升级基地,Yiwu Small Commodities Base,浙江省,义乌市,Yiwu,轻工工艺,1,2011,https://yiwu.example.cn";
const ROW_B =
  "gd-002,顺德家电国家外贸转型升级基地,Shunde Home Appliances Base,Guangdong,佛山市,Foshan,machinery-electrical,第3批,2013,";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("基地名单");
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("CSV", () => {
  it("reads rows, accepting provinces and industries as codes, Chinese or English names, and normalizing codes", async () => {
    const parsed = await parseBaseFile(utf8(`${HEADER}\n${ROW_A}\n${ROW_B}\n`));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toBe(2);
    expect(parsed.records.map((r) => r.line)).toEqual([2, 3]);
    expect(parsed.records[0]!.record).toMatchObject({
      code: "ZJ-001",
      slug: "zj-001",
      province: "zhejiang",
      industry: "light-industry-crafts",
      recognitionBatch: 1,
      recognitionYear: 2011,
      website: "https://yiwu.example.cn/",
      namePinyin: pinyinOf("义乌小商品国家外贸转型升级基地"),
    });
    expect(parsed.records[1]!.record).toMatchObject({
      code: "GD-002",
      province: "guangdong",
      industry: "machinery-electrical",
      recognitionBatch: 3,
      website: null,
    });
  });

  it("drops a UTF-8 BOM (Excel's 'CSV UTF-8') so the first column is still found", async () => {
    const parsed = await parseBaseFile(utf8(`\uFEFF${HEADER}\r\n${ROW_A}\r\n`));
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]!.record.code).toBe("ZJ-001");
  });

  it("reads GB18030 (what Excel and WPS write for CSV on Chinese Windows)", async () => {
    const text = `${HEADER}\n${ROW_A}\n`;
    // Node has no GB18030 encoder: build the bytes by hand for the Chinese characters of this text.
    const bytes = gb18030(text);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const parsed = await parseBaseFile(bytes);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]!.record).toMatchObject({ nameZh: "义乌小商品国家外贸转型升级基地", cityZh: "义乌市" });
  });

  it("accepts Chinese column names and ignores extra columns", async () => {
    const parsed = await parseBaseFile(
      utf8(
        "序号,基地代码,基地名称,英文名称,省份,城市,城市英文,行业,备注\n1,SD-9,青岛纺织服装基地,Qingdao Textile Base,山东,青岛市,Qingdao,纺织服装,无\n",
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]!.record).toMatchObject({
      code: "SD-9",
      province: "shandong",
      industry: "textile-clothing",
    });
  });

  it("reports every bad row with its line number and reason, and keeps the good ones apart", async () => {
    const csv = [
      HEADER,
      ROW_A,
      ",无代码基地,No Code,浙江,杭州市,Hangzhou,机电,,,", // line 3: code missing
      "BAD CODE!,坏代码,Bad,浙江,杭州市,Hangzhou,机电,,,", // line 4
      "ZJ-005,未知省,Unknown,Atlantis,杭州市,Hangzhou,机电,,,", // line 5
      "ZJ-006,未知行业,Unknown,浙江,杭州市,Hangzhou,aerospace,0,1999,ftp://x", // line 6: four problems
      '"ZJ-007","多行\n名称",Multi,浙江,杭州市,Hangzhou,机电,,,', // lines 7-8: a quoted line break is fine
      "ZJ-001,重复,Duplicate,浙江,杭州市,Hangzhou,机电,,,", // line 9: duplicate of line 2
    ].join("\n");
    const parsed = await parseBaseFile(utf8(csv));
    expect(parsed.records.map((r) => r.record.code)).toEqual(["ZJ-001", "ZJ-007"]);
    expect(parsed.errors.map((e) => [e.line, e.field, e.reason])).toEqual([
      [3, "code", "required"],
      [4, "code", "code-invalid"],
      [5, "province", "province-unknown"],
      [6, "industry", "industry-unknown"],
      [6, "recognitionBatch", "batch-invalid"],
      [6, "recognitionYear", "year-invalid"],
      [6, "website", "website-invalid"],
      [9, "code", "code-duplicate"],
    ]);
    expect(parsed.errors.at(-1)!.value).toBe("ZJ-001 (2)");
  });

  it("reports a missing required column against the header and reads no row", async () => {
    const parsed = await parseBaseFile(utf8("code,name_zh,province\nA1,甲,浙江\n"));
    expect(parsed.records).toEqual([]);
    expect(parsed.errors.map((e) => [e.line, e.reason, e.field])).toEqual([
      [1, "column-missing", "nameEn"],
      [1, "column-missing", "cityZh"],
      [1, "column-missing", "cityEn"],
      [1, "column-missing", "industry"],
    ]);
  });

  it("refuses files over the size or row limit, empty files and unreadable ones", async () => {
    expect((await parseBaseFile(new Uint8Array(IMPORT_MAX_BYTES + 1))).errors[0]!.reason).toBe("file-too-large");
    expect((await parseBaseFile(utf8(""))).errors[0]!.reason).toBe("file-empty");
    expect((await parseBaseFile(utf8(`${HEADER}\n`))).errors[0]!.reason).toBe("file-empty");
    const many = `${HEADER}\n${Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `C-${i},名,N,浙江,杭州市,Hangzhou,机电,,,`).join("\n")}`;
    expect((await parseBaseFile(utf8(many))).errors[0]!.reason).toBe("too-many-rows");
    expect((await parseBaseFile(utf8(`${HEADER}\n"unclosed,quote\n`))).errors[0]!.reason).toBe("file-unreadable");
    // A ZIP that is not a workbook.
    expect((await parseBaseFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).errors[0]!.reason).toBe(
      "file-unreadable",
    );
  });
});

describe("XLSX", () => {
  it("reads the first sheet with row numbers as line numbers, numbers and hyperlinks included", async () => {
    const bytes = await xlsx([
      HEADER.split(","),
      [
        "ZJ-001",
        "义乌小商品国家外贸转型升级基地",
        "Yiwu Base",
        "浙江省",
        "义乌市",
        "Yiwu",
        "轻工工艺",
        1,
        2011,
        { text: "https://yiwu.example.cn", hyperlink: "https://yiwu.example.cn" },
      ],
      [],
      ["ZJ-002", "", "No Chinese name", "浙江省", "义乌市", "Yiwu", "轻工工艺", 2, 2012, ""],
    ]);
    const parsed = await parseBaseFile(bytes);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.records[0]).toMatchObject({
      line: 2,
      record: { code: "ZJ-001", recognitionBatch: 1, recognitionYear: 2011, website: "https://yiwu.example.cn/" },
    });
    expect(parsed.errors.map((e) => [e.line, e.field, e.reason])).toEqual([[4, "nameZh", "required"]]);
  });
});

describe("the shipped sample", () => {
  it("docs/samples/bases-demo.csv has 578 valid demo bases in every province and industry", async () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/samples/bases-demo.csv");
    const parsed = await parseBaseFile(new Uint8Array(fs.readFileSync(file)));
    expect(parsed.errors).toEqual([]);
    expect(parsed.records).toHaveLength(578);
    expect(parsed.records.every((r) => r.record.code.startsWith("DEMO-"))).toBe(true);
    expect(new Set(parsed.records.map((r) => r.record.province)).size).toBe(31);
    expect(new Set(parsed.records.map((r) => r.record.industry)).size).toBe(8);
  });
});

describe("planning", () => {
  it("creates new codes, updates changed fields only, counts the rest unchanged; a second run changes nothing", async () => {
    const parsed = await parseBaseFile(utf8(`${HEADER}\n${ROW_A}\n${ROW_B}\n`));
    const first = planAgainst(parsed, []);
    expect(first.creates).toHaveLength(2);
    // "Apply" the plan to an in-memory registry, then plan again.
    const registry = first.creates.map(({ record }, i) => ({ id: `b${i}`, ...record }));
    const second = planAgainst(parsed, registry);
    expect(second).toMatchObject({ creates: [], updates: [], unchanged: 2, errors: [] });

    const renamed = await parseBaseFile(
      utf8(`${HEADER}\n${ROW_A.replace("Yiwu Small", "Yiwu Small-Goods")}\n${ROW_B}\n`),
    );
    const third = planAgainst(renamed, registry);
    expect(third.updates).toEqual([
      expect.objectContaining({
        code: "ZJ-001",
        changes: [{ field: "nameEn", from: "Yiwu Small Commodities Base", to: "Yiwu Small-Goods Commodities Base" }],
      }),
    ]);
  });

  it("leaves fields of columns the file does not have as they are", async () => {
    const full = await parseBaseFile(utf8(`${HEADER}\n${ROW_A}\n`));
    const registry = [{ id: "b1", ...full.records[0]!.record, descriptionZh: "已有简介" }];
    const narrow = await parseBaseFile(
      utf8(
        "code,name_zh,name_en,province,city_zh,city_en,industry\nZJ-001,义乌小商品国家外贸转型升级基地,Yiwu Small Commodities Base,浙江,义乌市,Yiwu,轻工工艺\n",
      ),
    );
    expect(planAgainst(narrow, registry)).toMatchObject({ updates: [], unchanged: 1 });
  });

  it("refuses a new base whose slug another base already has", async () => {
    const parsed = await parseBaseFile(
      utf8(`code,slug,name_zh,name_en,province,city_zh,city_en,industry\nN-1,taken,甲,A,浙江,杭州市,Hangzhou,机电\n`),
    );
    const plan = planAgainst(parsed, [
      {
        id: "x",
        ...(await parseBaseFile(utf8(`${HEADER}\n${ROW_A}\n`))).records[0]!.record,
        code: "OLD-1",
        slug: "taken",
      },
    ]);
    expect(plan.creates).toEqual([]);
    expect(plan.errors).toEqual([{ line: 2, field: "slug", reason: "slug-taken", value: "taken (OLD-1)" }]);
  });
});

/**
 * GB18030 bytes for a text whose non-ASCII characters all sit in the GBK range:
 * found by decoding every two-byte GBK code once (the decoder is the reference).
 */
function gb18030(text: string): Uint8Array {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, [number, number]>();
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}
