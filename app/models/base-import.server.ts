// Reading the official base list (issue 11 point 1; the format is
// docs/base-import-format.md): a CSV (UTF-8 with or without BOM, or GB18030 as
// Excel/WPS save it on Chinese Windows) or an XLSX file becomes rows with their
// line numbers, and each row becomes either a checked base record or the reasons
// it is refused. Pure: nothing here reads or writes the database; planning and
// applying are in base-registry.server.ts.
import { parse as parseCsv } from "csv-parse/sync";
// Types only: exceljs takes ~1 s to load and is needed by an import only (loaded then, issue 15.4).
import type ExcelJS from "exceljs";
import { pinyinSyllables } from "~/utils/pinyin.server.ts";
import enBases from "~/i18n/locales/en/bases.json";
import zhBases from "~/i18n/locales/zh-CN/bases.json";
import { INDUSTRIES, type Industry } from "./industry.ts";
import { PROVINCES, type Province } from "./province.ts";

import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "./base-import-limits.ts";

export { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS };

export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Field limits, shared with the admin form. */
export const BASE_LIMITS = {
  code: 40,
  slug: 80,
  name: 120,
  namePinyin: 300,
  city: 60,
  description: 1000,
  website: 200,
} as const;
export const RECOGNITION_YEAR_MIN = 2000;
export const RECOGNITION_YEAR_MAX = 2100;
export const RECOGNITION_BATCH_MAX = 99;

/** A column of the file: its field, its accepted header names (lower-cased), and whether it must be there. */
const COLUMNS = [
  { field: "code", names: ["code", "基地代码", "代码", "编号"], required: true },
  { field: "slug", names: ["slug", "网址标识"], required: false },
  { field: "nameZh", names: ["name_zh", "基地名称", "中文名称", "名称"], required: true },
  { field: "nameEn", names: ["name_en", "英文名称"], required: true },
  { field: "namePinyin", names: ["name_pinyin", "拼音"], required: false },
  { field: "province", names: ["province", "省份", "省"], required: true },
  { field: "cityZh", names: ["city_zh", "城市", "所在城市"], required: true },
  { field: "cityEn", names: ["city_en", "城市英文", "英文城市"], required: true },
  { field: "industry", names: ["industry", "行业", "产业"], required: true },
  { field: "recognitionBatch", names: ["recognition_batch", "认定批次", "批次"], required: false },
  { field: "recognitionYear", names: ["recognition_year", "认定年份", "年份"], required: false },
  { field: "descriptionZh", names: ["description_zh", "中文简介", "简介"], required: false },
  { field: "descriptionEn", names: ["description_en", "英文简介"], required: false },
  { field: "website", names: ["website", "网站", "网址"], required: false },
] as const;

export type ImportField = (typeof COLUMNS)[number]["field"];
export const IMPORT_COLUMNS: ReadonlyArray<{ field: ImportField; names: readonly string[]; required: boolean }> =
  COLUMNS;

/** A row that passed every check: what the registry stores for that code. */
export interface BaseRecord {
  code: string;
  /** Only used when the base is created (URLs stay stable). */
  slug: string;
  nameZh: string;
  nameEn: string;
  namePinyin: string;
  province: Province;
  cityZh: string;
  cityEn: string;
  industry: Industry;
  recognitionBatch: number | null;
  recognitionYear: number | null;
  descriptionZh: string;
  descriptionEn: string;
  website: string | null;
}

/** The fields an import (or the edit form) may change on an existing base. */
export const UPDATABLE_FIELDS = [
  "nameZh",
  "nameEn",
  "namePinyin",
  "province",
  "cityZh",
  "cityEn",
  "industry",
  "recognitionBatch",
  "recognitionYear",
  "descriptionZh",
  "descriptionEn",
  "website",
] as const satisfies ReadonlyArray<keyof BaseRecord>;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];

/**
 * Why a file or a row is refused. The UI shows `registry:import.errors.<reason>`
 * in the user's language; the CLI prints IMPORT_ERROR_TEXT.
 */
export type ImportErrorReason =
  | "file-too-large"
  | "file-unreadable"
  | "file-empty"
  | "too-many-rows"
  | "column-missing"
  | "column-duplicate"
  | "required"
  | "too-long"
  | "code-invalid"
  | "code-duplicate"
  | "slug-invalid"
  | "slug-duplicate"
  | "slug-taken"
  | "province-unknown"
  | "industry-unknown"
  | "batch-invalid"
  | "year-invalid"
  | "website-invalid";

export interface ImportError {
  /** The line (CSV) or row (XLSX) number, 1 = the header; null for the file as a whole. */
  line: number | null;
  reason: ImportErrorReason;
  /** The column (field name) concerned, if any. */
  field?: ImportField;
  /** What the cell held (cut to 80 characters), or the other line for duplicates. */
  value?: string;
}

export const IMPORT_ERROR_TEXT: Record<ImportErrorReason, string> = {
  "file-too-large": `the file is larger than ${IMPORT_MAX_BYTES.toLocaleString("en")} bytes`,
  "file-unreadable": "the file is neither a CSV nor an XLSX file that can be read",
  "file-empty": "the file has no header row or no data rows",
  "too-many-rows": `the file has more than ${IMPORT_MAX_ROWS.toLocaleString("en")} rows`,
  "column-missing": "a required column is missing from the header",
  "column-duplicate": "two header cells name the same column",
  required: "a required value is empty",
  "too-long": "the value is too long",
  "code-invalid": "the code must be 2–40 letters A–Z, digits or hyphens",
  "code-duplicate": "the same code appears on an earlier line of the file",
  "slug-invalid": "the slug must be lower-case letters, digits and single hyphens",
  "slug-duplicate": "the same slug appears on an earlier line of the file",
  "slug-taken": "another base already uses this slug",
  "province-unknown": "unknown province (use a code, the Chinese or the English name)",
  "industry-unknown": "unknown industry (use a code, the Chinese or the English name)",
  "batch-invalid": `the recognition batch must be a whole number from 1 to ${RECOGNITION_BATCH_MAX}`,
  "year-invalid": `the recognition year must be from ${RECOGNITION_YEAR_MIN} to ${RECOGNITION_YEAR_MAX}`,
  "website-invalid": "the website must be an http:// or https:// address",
};

export interface RawTable {
  /** The header cells, as written. */
  header: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

export type ReadResult = { ok: true; table: RawTable } | { ok: false; error: ImportError };

/**
 * Text of a CSV file: UTF-8 (a BOM is dropped) when it decodes as UTF-8,
 * otherwise GB18030 (a superset of GBK/GB2312, what Excel and WPS write for
 * "CSV" on Chinese Windows).
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text; // hyperlink
    if ("hyperlink" in value && typeof value.hyperlink === "string") return value.hyperlink;
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue); // formula
    if ("error" in value) return "";
  }
  return "";
}

async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    // exceljs types its argument as the old global Buffer; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, error: { line: null, reason: "file-unreadable" } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return { ok: false, error: { line: null, reason: "file-empty" } };
  if (sheet.rowCount > IMPORT_MAX_ROWS + 1) return { ok: false, error: { line: null, reason: "too-many-rows" } };
  const width = sheet.columnCount;
  const cellsOf = (row: ExcelJS.Row) => {
    const out: string[] = [];
    for (let c = 1; c <= width; c++) out.push(cellText(row.getCell(c).value));
    return out;
  };
  const header = cellsOf(sheet.getRow(1));
  const rows: RawTable["rows"] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    rows.push({ line: number, cells: cellsOf(row) });
  });
  return { ok: true, table: { header, rows } };
}

function readCsv(bytes: Uint8Array): ReadResult {
  const text = decodeCsvBytes(bytes).replace(/^\uFEFF/, "");
  // Excel in some locales separates with semicolons or tabs: take whichever the header uses most.
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [",", ";", "\t"].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      max_record_size: 64 * 1024,
      to: IMPORT_MAX_ROWS + 2,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { ok: false, error: { line: typeof line === "number" ? line : null, reason: "file-unreadable" } };
  }
  if (records.length > IMPORT_MAX_ROWS + 1) return { ok: false, error: { line: null, reason: "too-many-rows" } };
  const [head, ...rest] = records;
  if (!head) return { ok: false, error: { line: null, reason: "file-empty" } };
  return {
    ok: true,
    table: {
      header: head.record,
      rows: rest
        .filter((r) => r.record.some((c) => c.trim() !== ""))
        .map((r) => ({ line: r.info.lines, cells: r.record })),
    },
  };
}

/** Reads the rows of a CSV or XLSX file (told apart by content, not by name). */
export async function readTable(bytes: Uint8Array): Promise<ReadResult> {
  if (bytes.byteLength > IMPORT_MAX_BYTES) return { ok: false, error: { line: null, reason: "file-too-large" } };
  if (bytes.byteLength === 0) return { ok: false, error: { line: null, reason: "file-empty" } };
  const result = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes);
  if (result.ok && result.table.rows.length === 0) return { ok: false, error: { line: null, reason: "file-empty" } };
  return result;
}

const fold = (s: string) => s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");

function lookup<T extends string>(codes: readonly T[], zh: Record<string, string>, en: Record<string, string>) {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(fold(code), code);
    const zhName = zh[code];
    const enName = en[code];
    if (zhName) {
      map.set(fold(zhName), code);
      // 浙江省 → 浙江, 广西壮族自治区 → 广西, 上海市 → 上海: the short forms people write.
      const short = zhName.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, "");
      if (short !== zhName) map.set(fold(short), code);
    }
    if (enName) map.set(fold(enName), code);
  }
  return (value: string): T | null => map.get(fold(value)) ?? null;
}

export const findProvince = lookup(PROVINCES, zhBases.provinces, enBases.provinces);
export const findIndustry = lookup(INDUSTRIES, zhBases.industries, enBases.industries);

/** Toneless pinyin of a Chinese name, full then initials: "义乌小商品" → "yiwuxiaoshangpin ywxsp". */
export function pinyinOf(nameZh: string): string {
  const syllables = pinyinSyllables(nameZh, { nonZh: "removed" }).filter(Boolean);
  if (syllables.length === 0) return "";
  return `${syllables.join("")} ${syllables.map((s) => s[0]).join("")}`.toLowerCase().slice(0, BASE_LIMITS.namePinyin);
}

export function normalizeCode(value: string): string {
  return value.normalize("NFKC").trim().toUpperCase();
}

const clean = (value: string | undefined) => (value ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
const cut = (value: string) => (value.length > 80 ? `${value.slice(0, 79)}…` : value);

export type RowResult = { ok: true; record: BaseRecord } | { ok: false; errors: ImportError[] };

/** Checks one row given as field → text (a missing optional field is ""). */
export function checkBaseFields(fields: Partial<Record<ImportField, string>>, line: number | null): RowResult {
  const errors: ImportError[] = [];
  const fail = (field: ImportField, reason: ImportErrorReason, value?: string) =>
    errors.push({ line, field, reason, ...(value ? { value: cut(value) } : {}) });
  const text = (field: ImportField, max: number, required: boolean) => {
    const v = clean(fields[field]);
    if (required && !v) fail(field, "required");
    else if (v.length > max) fail(field, "too-long", v);
    return v;
  };

  const code = normalizeCode(fields.code ?? "");
  if (!code) fail("code", "required");
  else if (!CODE_PATTERN.test(code)) fail("code", "code-invalid", code);

  const slugIn = clean(fields.slug).toLowerCase();
  if (slugIn && (slugIn.length > BASE_LIMITS.slug || !SLUG_PATTERN.test(slugIn))) fail("slug", "slug-invalid", slugIn);

  const nameZh = text("nameZh", BASE_LIMITS.name, true);
  const nameEn = text("nameEn", BASE_LIMITS.name, true);
  const pinyinIn = text("namePinyin", BASE_LIMITS.namePinyin, false).toLowerCase();
  const cityZh = text("cityZh", BASE_LIMITS.city, true);
  const cityEn = text("cityEn", BASE_LIMITS.city, true);
  const descriptionZh = text("descriptionZh", BASE_LIMITS.description, false);
  const descriptionEn = text("descriptionEn", BASE_LIMITS.description, false);

  const provinceIn = clean(fields.province);
  const province = provinceIn ? findProvince(provinceIn) : null;
  if (!provinceIn) fail("province", "required");
  else if (!province) fail("province", "province-unknown", provinceIn);

  const industryIn = clean(fields.industry);
  const industry = industryIn ? findIndustry(industryIn) : null;
  if (!industryIn) fail("industry", "required");
  else if (!industry) fail("industry", "industry-unknown", industryIn);

  const wholeNumber = (field: ImportField, min: number, max: number, reason: ImportErrorReason) => {
    // "第3批" and "3" are both the third batch.
    const v = clean(fields[field]).replace(/^第\s*(\d+)\s*批$/, "$1");
    if (!v) return null;
    const n = /^\d{1,4}$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      fail(field, reason, clean(fields[field]));
      return null;
    }
    return n;
  };
  const recognitionBatch = wholeNumber("recognitionBatch", 1, RECOGNITION_BATCH_MAX, "batch-invalid");
  const recognitionYear = wholeNumber("recognitionYear", RECOGNITION_YEAR_MIN, RECOGNITION_YEAR_MAX, "year-invalid");

  const websiteIn = clean(fields.website);
  let website: string | null = null;
  if (websiteIn) {
    let url: URL | null = null;
    try {
      url = new URL(websiteIn);
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol) || websiteIn.length > BASE_LIMITS.website || url.username)
      fail("website", "website-invalid", websiteIn);
    else website = url.href;
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    record: {
      code,
      slug: slugIn || code.toLowerCase(),
      nameZh,
      nameEn,
      namePinyin: pinyinIn || pinyinOf(nameZh),
      province: province!,
      cityZh,
      cityEn,
      industry: industry!,
      recognitionBatch,
      recognitionYear,
      descriptionZh,
      descriptionEn,
      website,
    },
  };
}

export interface ParsedFile {
  /** Valid rows, by line. */
  records: Array<{ line: number; record: BaseRecord }>;
  /** Fields present in the header: a missing optional column leaves that field alone on update. */
  present: ReadonlySet<ImportField>;
  errors: ImportError[];
  rows: number;
}

/** Reads and checks a whole file: header, each row, duplicates of code and slug within the file. */
export async function parseBaseFile(bytes: Uint8Array): Promise<ParsedFile> {
  const read = await readTable(bytes);
  if (!read.ok) return { records: [], present: new Set(), errors: [read.error], rows: 0 };
  const { header, rows } = read.table;
  const errors: ImportError[] = [];
  const index = new Map<ImportField, number>();
  header.forEach((cell, i) => {
    const name = fold(cell.replace(/^\uFEFF/, "")).replace(/[\s（）()]+/g, (m) => (m.trim() ? "" : "_"));
    const column = COLUMNS.find((c) => (c.names as readonly string[]).includes(name));
    if (!column) return; // extra columns (notes, 序号) are ignored, as the format doc says
    if (index.has(column.field)) errors.push({ line: 1, reason: "column-duplicate", field: column.field, value: cell });
    else index.set(column.field, i);
  });
  for (const c of COLUMNS)
    if (c.required && !index.has(c.field)) errors.push({ line: 1, reason: "column-missing", field: c.field });
  if (errors.length) return { records: [], present: new Set(index.keys()), errors, rows: rows.length };

  const records: ParsedFile["records"] = [];
  const codeLine = new Map<string, number>();
  const slugLine = new Map<string, number>();
  for (const { line, cells } of rows) {
    const fields: Partial<Record<ImportField, string>> = {};
    for (const [field, i] of index) fields[field] = cells[i] ?? "";
    const result = checkBaseFields(fields, line);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const { code, slug } = result.record;
    const earlier = codeLine.get(code);
    if (earlier !== undefined) {
      errors.push({ line, field: "code", reason: "code-duplicate", value: `${code} (${earlier})` });
      continue;
    }
    codeLine.set(code, line);
    const earlierSlug = slugLine.get(slug);
    if (earlierSlug !== undefined) {
      errors.push({ line, field: "slug", reason: "slug-duplicate", value: `${slug} (${earlierSlug})` });
      continue;
    }
    slugLine.set(slug, line);
    records.push({ line, record: result.record });
  }
  return { records, present: new Set(index.keys()), errors, rows: rows.length };
}

/** One error as a line of English text (the CLI and logs). */
export function importErrorText(e: ImportError): string {
  const where = e.line === null ? "file" : `line ${e.line}`;
  return `${where}${e.field ? `, ${e.field}` : ""}: ${IMPORT_ERROR_TEXT[e.reason]}${e.value ? ` («${e.value}»)` : ""}`;
}
