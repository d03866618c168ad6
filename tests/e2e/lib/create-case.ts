// Creates and publishes a case study straight through the model code (the same
// createDraft → publishCase path the edit form uses), for tests and benchmarks
// that need content no form would let them type quickly: hostile strings for the
// XSS test, a 3,000-character case for the benchmark.
//
//   node --import tsx tests/e2e/lib/create-case.ts SPEC.json
//
// Run it with the server's DATABASE_URL (tests/e2e/lib/env.ts cliEnv(), or the
// bench's serverEnv). SPEC is a CaseSpec (below). Prints one line of JSON:
// { slug, caseId, username, baseSlug }.
import crypto from "node:crypto";
import fs from "node:fs";
import { validateDoc } from "../../../app/editor/validate.server.ts";
import { approveAffiliation, requestAffiliation } from "../../../app/models/affiliation.server.ts";
import { emptyContent, type CaseContent } from "../../../app/models/case-content.ts";
import { createDraft, publishCase } from "../../../app/models/case.server.ts";
import { createUser } from "../../../app/models/user.server.ts";
import { dbReady, prisma } from "../../../app/utils/db.server.ts";

export interface CaseSpec {
  /** The author: created (email verified, affiliated with the base by the first admin) unless the username exists. */
  author: { username: string; email: string; displayName: string };
  /** Default: the first base by slug. */
  baseSlug?: string;
  /** The first revision. Topics default to the first topic; sections are Tiptap JSON documents. */
  content: Partial<CaseContent>;
  /** Later revisions, each published on top of the previous one (for history diffs). */
  updates?: Array<{ content: Partial<CaseContent>; note?: string }>;
}

async function authorFor(spec: CaseSpec, baseSlug: string) {
  const existing = await prisma.user.findUnique({
    where: { username: spec.author.username },
    select: { id: true, role: true, baseId: true, baseVerifiedAt: true },
  });
  if (existing?.baseId && existing.baseVerifiedAt) return { ...existing, baseId: existing.baseId };
  const { id } =
    existing ??
    (await createUser({ ...spec.author, password: crypto.randomBytes(18).toString("base64url"), emailVerified: true }));
  const admin = await prisma.user.findFirst({
    where: { role: "admin" },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  if (!admin) throw new Error("no administrator in this database (run the demo seed first)");
  const request = await requestAffiliation(id, { baseSlug, message: "created by tests/e2e/lib/create-case.ts" });
  if (!request.ok) throw new Error(`affiliation request failed: ${request.error}`);
  const approved = await approveAffiliation(admin, request.id);
  if (!approved.ok) throw new Error(`affiliation approval failed: ${approved.error}`);
  const user = await prisma.user.findUniqueOrThrow({ where: { id }, select: { id: true, role: true, baseId: true } });
  return { ...user, baseId: user.baseId! };
}

/** Sections must pass the editor's validator, as they would through the form. */
function checked(content: CaseContent): CaseContent {
  for (const [name, doc] of Object.entries(content.sections)) {
    if (doc == null) continue;
    const result = validateDoc(doc, "case");
    if (!result.ok) throw new Error(`section ${name} would be refused by the form: ${result.errors.join(", ")}`);
    content.sections[name as keyof CaseContent["sections"]] = result.doc;
  }
  return content;
}

export async function createCase(spec: CaseSpec) {
  await dbReady();
  const base = spec.baseSlug
    ? await prisma.base.findUniqueOrThrow({ where: { slug: spec.baseSlug }, select: { id: true, slug: true } })
    : await prisma.base.findFirstOrThrow({ orderBy: { slug: "asc" }, select: { id: true, slug: true } });
  const author = await authorFor(spec, base.slug);
  const actor = { id: author.id, role: author.role, baseId: author.baseId, baseVerified: true, emailVerified: true };
  const topic = await prisma.topic.findFirstOrThrow({ orderBy: { slug: "asc" }, select: { slug: true } });
  const merge = (prev: CaseContent, patch: Partial<CaseContent>): CaseContent =>
    checked({ ...prev, ...patch, sections: { ...prev.sections, ...(patch.sections ?? {}) } });

  let content = merge(
    { ...emptyContent(), topics: [topic.slug], stage: "implemented", periodStart: 2022 },
    spec.content,
  );
  const draft = await createDraft(author.id, crypto.randomUUID(), content);
  let version = draft.draftVersion;
  let published = await publishCase(draft.id, actor, content, { expectedVersion: version });
  for (const update of spec.updates ?? []) {
    const current = await prisma.caseStudy.findUniqueOrThrow({
      where: { id: draft.id },
      select: { draftVersion: true },
    });
    version = current.draftVersion;
    content = merge(content, update.content);
    published = await publishCase(draft.id, actor, content, { expectedVersion: version, note: update.note ?? null });
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: author.id }, select: { username: true } });
  return { slug: published.slug, caseId: draft.id, username: user.username, baseSlug: base.slug };
}

const invokedDirectly = process.argv[1] && /create-case\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node --import tsx tests/e2e/lib/create-case.ts SPEC.json");
    process.exit(2);
  }
  createCase(JSON.parse(fs.readFileSync(file, "utf8")) as CaseSpec)
    .then((out) => {
      process.stdout.write(`${JSON.stringify(out)}\n`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => prisma.$disconnect());
}
