// The base registry's writes (issue 11 point 1): admins create, edit, retire and
// unretire bases at /admin/bases, and import the official list (CSV/XLSX, read by
// base-import.server.ts). Every write is audit-logged in its own transaction, and
// a change to a field the search documents carry (the base's names) queues those
// documents through the search outbox. A retired base keeps its cases and pages;
// it is only left out of the choices for a new affiliation.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Prisma } from "~/utils/db.server.ts";
import { dataDir } from "~/utils/database-url.ts";
import { prisma } from "~/utils/db.server.ts";
import { writeAudit } from "./audit.server.ts";
import {
  UPDATABLE_FIELDS,
  type BaseRecord,
  type ImportError,
  type ImportField,
  type ParsedFile,
  type UpdatableField,
} from "./base-import.server.ts";
import { caseDocId, enqueueSearchDocs } from "./search-outbox.server.ts";
import type { Industry } from "./industry.ts";
import type { Province } from "./province.ts";

type Tx = Prisma.TransactionClient;

export const REGISTRY_PER_PAGE = 50;

/** Fields of a base the search documents of its cases show (search-documents.server.ts). */
const INDEXED_FIELDS: ReadonlySet<UpdatableField> = new Set(["nameZh", "nameEn"]);

/** Who acts: an admin, or nobody (the demo seed and the command line without --as). */
export type RegistryActor = { id: string } | null;

/** The registry's own fields of a base: what an import compares and may change. */
const existingSelect = {
  id: true,
  code: true,
  slug: true,
  nameZh: true,
  nameEn: true,
  namePinyin: true,
  province: true,
  cityZh: true,
  cityEn: true,
  industry: true,
  recognitionBatch: true,
  recognitionYear: true,
  descriptionZh: true,
  descriptionEn: true,
  website: true,
} as const satisfies Prisma.BaseSelect;

/** What the registry pages show: the registry's fields, whether the base is retired, whether it is demo data. */
const registrySelect = { ...existingSelect, retiredAt: true, isDemo: true } as const satisfies Prisma.BaseSelect;

export type RegistryBase = Prisma.BaseGetPayload<{ select: typeof registrySelect }>;

export interface RegistryFilters {
  q?: string | null;
  industry?: Industry | null;
  province?: Province | null;
  /** "active" (default), "retired" or "all". */
  status?: "active" | "retired" | "all";
  page?: number;
}

/** The admin list: search in code, names, pinyin and city; filters; retired bases on request. */
export async function listRegistry(f: RegistryFilters) {
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const q = f.q?.normalize("NFKC").trim().slice(0, 100);
  const where: Prisma.BaseWhereInput = {
    ...(f.industry ? { industry: f.industry } : {}),
    ...(f.province ? { province: f.province } : {}),
    ...(f.status === "retired" ? { retiredAt: { not: null } } : f.status === "all" ? {} : { retiredAt: null }),
    ...(q
      ? {
          OR: [
            { code: { contains: q.toUpperCase() } },
            { nameZh: { contains: q } },
            { nameEn: { contains: q } },
            { namePinyin: { contains: q.toLowerCase() } },
            { cityZh: { contains: q } },
            { cityEn: { contains: q } },
            { slug: { contains: q.toLowerCase() } },
          ],
        }
      : {}),
  };
  const [bases, total] = await Promise.all([
    prisma.base.findMany({
      where,
      select: { ...registrySelect, _count: { select: { cases: true } } },
      orderBy: [{ province: "asc" }, { code: "asc" }],
      skip: (page - 1) * REGISTRY_PER_PAGE,
      take: REGISTRY_PER_PAGE,
    }),
    prisma.base.count({ where }),
  ]);
  return { bases, total, page, pages: Math.max(1, Math.ceil(total / REGISTRY_PER_PAGE)) };
}

export function getRegistryBase(id: string) {
  return prisma.base.findUnique({ where: { id }, select: registrySelect });
}

export type RegistryError = "not-found" | "code-taken" | "slug-taken" | "unchanged";
export type RegistryResult = { ok: true; id: string } | { ok: false; error: RegistryError };

function changedFields(
  before: Partial<Record<UpdatableField, unknown>>,
  after: BaseRecord,
  only?: ReadonlySet<string>,
) {
  return UPDATABLE_FIELDS.filter((f) => (!only || only.has(f)) && (before[f] ?? null) !== (after[f] ?? null));
}

/** Queues the search documents of every case of these bases (a renamed base shows on its cases). */
async function reindexCasesOf(tx: Tx, baseIds: string[]): Promise<number> {
  let queued = 0;
  // Chunks: Prisma's JS engine stops at 999 bound parameters (STACK.md).
  for (let i = 0; i < baseIds.length; i += 500) {
    const cases = await tx.caseStudy.findMany({
      where: { baseId: { in: baseIds.slice(i, i + 500) } },
      select: { id: true },
    });
    await enqueueSearchDocs(
      tx,
      cases.map((c) => caseDocId(c.id)),
    );
    queued += cases.length;
  }
  return queued;
}

function dataOf(r: BaseRecord) {
  const { code, slug, ...rest } = r;
  return { code, slug, ...rest };
}

export async function createBase(actor: { id: string }, record: BaseRecord): Promise<RegistryResult> {
  return prisma.$transaction(async (tx) => {
    const clash = await tx.base.findFirst({
      where: { OR: [{ code: record.code }, { slug: record.slug }] },
      select: { code: true },
    });
    if (clash) return { ok: false as const, error: clash.code === record.code ? "code-taken" : "slug-taken" };
    const base = await tx.base.create({ data: dataOf(record), select: { id: true } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "base.create",
      targetType: "base",
      targetId: base.id,
      details: { code: record.code, nameZh: record.nameZh },
    });
    return { ok: true as const, id: base.id };
  });
}

/** Edits a base (the code too; the slug stays, so links keep working). */
export async function updateBase(actor: { id: string }, id: string, record: BaseRecord): Promise<RegistryResult> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.base.findUnique({ where: { id }, select: registrySelect });
    if (!before) return { ok: false as const, error: "not-found" as const };
    if (record.code !== before.code) {
      const clash = await tx.base.findUnique({ where: { code: record.code }, select: { id: true } });
      if (clash) return { ok: false as const, error: "code-taken" as const };
    }
    const changed = changedFields(before, record);
    if (!changed.length && record.code === before.code) return { ok: false as const, error: "unchanged" as const };
    const data: Prisma.BaseUpdateInput = { code: record.code };
    for (const f of changed) (data as Record<string, unknown>)[f] = record[f];
    await tx.base.update({ where: { id }, data });
    const reindexed = changed.some((f) => INDEXED_FIELDS.has(f)) ? await reindexCasesOf(tx, [id]) : 0;
    await writeAudit(tx, {
      actorId: actor.id,
      action: "base.update",
      targetType: "base",
      targetId: id,
      details: {
        code: record.code,
        ...(record.code !== before.code ? { codeFrom: before.code } : {}),
        changed: Object.fromEntries(changed.map((f) => [f, { from: before[f], to: record[f] }])),
        reindexed,
      },
    });
    return { ok: true as const, id };
  });
}

/** Retires (retired = true) or brings back a base. Its cases, members and pages stay. */
export async function setBaseRetired(
  actor: { id: string },
  id: string,
  retired: boolean,
  reason: string,
): Promise<RegistryResult> {
  return prisma.$transaction(async (tx) => {
    const base = await tx.base.findUnique({ where: { id }, select: { retiredAt: true, code: true } });
    if (!base) return { ok: false as const, error: "not-found" as const };
    if (Boolean(base.retiredAt) === retired) return { ok: false as const, error: "unchanged" as const };
    await tx.base.update({ where: { id }, data: { retiredAt: retired ? new Date() : null } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: retired ? "base.retire" : "base.unretire",
      targetType: "base",
      targetId: id,
      reason: reason.trim().slice(0, 500) || null,
      details: { code: base.code },
    });
    return { ok: true as const, id };
  });
}

/** The import's audit row; without an actor (seed, command line) the row has no actorId. */
async function auditImport(tx: Tx, actor: RegistryActor, entry: Omit<Parameters<typeof writeAudit>[1], "actorId">) {
  if (actor) await writeAudit(tx, { ...entry, actorId: actor.id });
  else
    await tx.auditLog.create({
      data: { ...entry, actorId: null, reason: entry.reason ?? null, details: JSON.stringify(entry.details ?? {}) },
    });
}

// ---------------------------------------------------------------------------
// Import: a plan (what would change), then applying it in one transaction.

export interface PlannedUpdate {
  line: number;
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  changes: Array<{ field: UpdatableField; from: string | number | null; to: string | number | null }>;
}

export interface ImportPlan {
  rows: number;
  creates: Array<{ line: number; record: BaseRecord }>;
  updates: PlannedUpdate[];
  unchanged: number;
  errors: ImportError[];
}

type Existing = Pick<RegistryBase, "id" | "code" | "slug" | UpdatableField>;

/** What applying the file would do to these bases (no database access: given the current rows). */
export function planAgainst(parsed: ParsedFile, existing: Existing[]): ImportPlan {
  const byCode = new Map(existing.map((b) => [b.code, b]));
  const slugOwner = new Map(existing.map((b) => [b.slug, b.code]));
  const plan: ImportPlan = { rows: parsed.rows, creates: [], updates: [], unchanged: 0, errors: [...parsed.errors] };
  const present = parsed.present as ReadonlySet<ImportField>;
  for (const { line, record } of parsed.records) {
    const current = byCode.get(record.code);
    if (!current) {
      const owner = slugOwner.get(record.slug);
      if (owner !== undefined) {
        plan.errors.push({ line, field: "slug", reason: "slug-taken", value: `${record.slug} (${owner})` });
        continue;
      }
      plan.creates.push({ line, record });
      continue;
    }
    // A column the file does not have leaves that field as it is (pinyin follows the Chinese name).
    const only = new Set<string>(
      UPDATABLE_FIELDS.filter((f) => present.has(f) || (f === "namePinyin" && present.has("nameZh"))),
    );
    const changes = changedFields(current, record, only).map((field) => ({
      field,
      from: current[field] ?? null,
      to: record[field] ?? null,
    }));
    if (changes.length)
      plan.updates.push({
        line,
        id: current.id,
        code: record.code,
        nameZh: current.nameZh,
        nameEn: current.nameEn,
        changes,
      });
    else plan.unchanged += 1;
  }
  plan.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return plan;
}

/** The preview: what an import of this file would do now. Writes nothing. */
export async function previewImport(parsed: ParsedFile): Promise<ImportPlan> {
  return planAgainst(parsed, await prisma.base.findMany({ select: existingSelect }));
}

export type ApplyResult =
  | { ok: true; created: number; updated: number; unchanged: number; reindexed: number }
  | { ok: false; plan: ImportPlan };

/**
 * Applies a file: planned again inside the transaction (the registry may have
 * changed since the preview), refused whole if any row is bad, otherwise every
 * create and update, the search outbox rows for renamed bases and one audit row,
 * all in one transaction. Pass `tx` to join a transaction of the caller (the seed).
 */
export async function applyImport(
  actor: RegistryActor,
  parsed: ParsedFile,
  opts: { tx?: Tx; source?: string; via?: "web" | "cli" | "seed"; isDemo?: boolean } = {},
): Promise<ApplyResult> {
  const run = async (tx: Tx): Promise<ApplyResult> => {
    const plan = planAgainst(parsed, await tx.base.findMany({ select: existingSelect }));
    if (plan.errors.length) return { ok: false, plan };
    if (plan.creates.length) {
      await tx.base.createMany({
        data: plan.creates.map(({ record }) => ({ ...dataOf(record), isDemo: opts.isDemo ?? false })),
      });
    }
    const renamed: string[] = [];
    for (const u of plan.updates) {
      await tx.base.update({
        where: { id: u.id },
        data: Object.fromEntries(u.changes.map((c) => [c.field, c.to])),
      });
      if (u.changes.some((c) => INDEXED_FIELDS.has(c.field))) renamed.push(u.id);
    }
    const reindexed = renamed.length ? await reindexCasesOf(tx, renamed) : 0;
    if (plan.creates.length || plan.updates.length) {
      await auditImport(tx, actor, {
        action: "base.import",
        targetType: "base-registry",
        targetId: "import",
        details: {
          via: opts.via ?? "web",
          ...(opts.source ? { source: opts.source.slice(0, 200) } : {}),
          rows: plan.rows,
          created: plan.creates.map((c) => c.record.code).slice(0, 1000),
          updated: plan.updates.map((u) => u.code).slice(0, 1000),
          unchanged: plan.unchanged,
          reindexed,
        },
      });
    }
    return {
      ok: true,
      created: plan.creates.length,
      updated: plan.updates.length,
      unchanged: plan.unchanged,
      reindexed,
    };
  };
  if (opts.tx) return run(opts.tx);
  return prisma.$transaction(run, { timeout: 60_000 });
}

// ---------------------------------------------------------------------------
// The uploaded file between the preview and "apply": kept under DATA_DIR for an
// hour, named by a random token and bound to the admin who uploaded it, so the
// admin applies exactly the file they previewed without uploading it twice.

const STASH_TTL_MS = 60 * 60 * 1000;
const TOKEN_PATTERN = /^[a-f0-9]{32}$/;

function stashDir(): string {
  return path.join(dataDir(), "base-imports");
}

export function stashImportFile(userId: string, fileName: string, bytes: Uint8Array): string {
  const dir = stashDir();
  fs.mkdirSync(dir, { recursive: true });
  // Old previews nobody applied.
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > STASH_TTL_MS) fs.rmSync(file, { force: true });
    } catch {
      // Removed meanwhile by another request.
    }
  }
  const token = crypto.randomBytes(16).toString("hex");
  const meta = JSON.stringify({ userId, fileName: fileName.slice(0, 200) });
  fs.writeFileSync(path.join(dir, `${token}.json`), meta, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, `${token}.bin`), bytes, { mode: 0o600 });
  return token;
}

/** The stashed file of this admin, or null when the token is unknown, expired or someone else's. */
export function readStashedImport(userId: string, token: string): { fileName: string; bytes: Uint8Array } | null {
  if (!TOKEN_PATTERN.test(token)) return null;
  const base = path.join(stashDir(), token);
  try {
    if (Date.now() - fs.statSync(`${base}.bin`).mtimeMs > STASH_TTL_MS) return null;
    const meta = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as { userId: string; fileName: string };
    if (meta.userId !== userId) return null;
    return { fileName: meta.fileName, bytes: new Uint8Array(fs.readFileSync(`${base}.bin`)) };
  } catch {
    return null;
  }
}

export function dropStashedImport(token: string): void {
  if (!TOKEN_PATTERN.test(token)) return;
  for (const ext of [".bin", ".json"]) fs.rmSync(path.join(stashDir(), `${token}${ext}`), { force: true });
}
