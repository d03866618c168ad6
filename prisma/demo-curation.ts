// Demo curation (issue 11 point 9, ADR 025), clearly demo: a ministry account
// opens two calls for cases through the call model — one decided, whose selected
// submissions became a published, featured typical-case collection, and one
// still open with submissions waiting for review. Members of the cases' bases
// (affiliated through the affiliation model, approved by the demo moderator)
// submit through submitCase, so deadlines, uniqueness, notifications and mail
// follow as for people. Runs once: skipped when a demo call exists.
//
// Relative imports: this file also runs under plain `tsx` from the Prisma CLI.
import crypto from "node:crypto";
import { prisma } from "../app/utils/db.server.ts";
import { createUser } from "../app/models/user.server.ts";
import { approveAffiliation, requestAffiliation } from "../app/models/affiliation.server.ts";
import { createCall, decideSubmissions, setCallStatus, submitCase, type CallActor } from "../app/models/call.server.ts";
import {
  addSelectedSubmissions,
  createCollection,
  setCollectionItemNote,
  setCollectionPublished,
} from "../app/models/collection.server.ts";

const DAY = 86_400_000;

function paragraphs(...texts: string[]) {
  return { type: "doc", content: texts.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) };
}

async function ministryActor(): Promise<CallActor> {
  const found = await prisma.user.findUnique({
    where: { username: "demo-ministry" },
    select: { id: true, role: true },
  });
  if (found) return { id: found.id, role: found.role, emailVerified: true, baseId: null, baseVerified: false };
  const made = await createUser({
    email: "demo-ministry@demo.example",
    username: "demo-ministry",
    displayName: "商务部外贸司（演示）",
    password: crypto.randomBytes(18).toString("base64url"),
    emailVerified: true,
    role: "ministry",
    isDemo: true,
  });
  return { id: made.id, role: "ministry", emailVerified: true, baseId: null, baseVerified: false };
}

/** A verified member of the base: an existing one, or a demo member affiliated now. */
async function memberOf(baseId: string, baseSlug: string, moderatorId: string): Promise<CallActor | null> {
  const existing = await prisma.user.findFirst({
    where: { baseId, baseVerifiedAt: { not: null }, emailVerifiedAt: { not: null }, role: "member" },
    select: { id: true, role: true },
  });
  let id = existing?.id;
  if (!id) {
    const username = `demo-submitter-${crypto.createHash("sha256").update(baseSlug).digest("hex").slice(0, 8)}`;
    const made = await createUser({
      email: `${username}@demo.example`,
      username,
      displayName: "基地联络员（演示）",
      password: crypto.randomBytes(18).toString("base64url"),
      emailVerified: true,
      isDemo: true,
    });
    const req = await requestAffiliation(made.id, { baseSlug, message: "负责基地案例报送工作。（演示）" });
    if (req.ok) await approveAffiliation({ id: moderatorId }, req.id, { note: "Demo data" });
    id = made.id;
  }
  const u = await prisma.user.findUniqueOrThrow({
    where: { id },
    select: { id: true, role: true, baseId: true, baseVerifiedAt: true },
  });
  if (!u.baseId || !u.baseVerifiedAt) return null;
  return { id: u.id, role: u.role, emailVerified: true, baseId: u.baseId, baseVerified: true };
}

/** Seeds the demo calls and collection once. Returns the collection's case count (0 when skipped). */
export async function seedDemoCuration(opts: { quiet?: boolean; now?: Date } = {}): Promise<number> {
  if ((await prisma.call.count({ where: { isDemo: true } })) > 0) return 0;
  const moderator = await prisma.user.findUnique({ where: { username: "demo-moderator" }, select: { id: true } });
  if (!moderator) return 0;
  const now = opts.now ?? new Date();
  // One published demo case per base, oldest first: 12 bases, 12 submitters.
  const all = await prisma.caseStudy.findMany({
    where: { isDemo: true, status: "published", deletedAt: null, baseId: { not: null } },
    select: { id: true, title: true, baseId: true, base: { select: { slug: true } } },
    orderBy: { publishedAt: "asc" },
  });
  const perBase = new Map<string, (typeof all)[number]>();
  for (const c of all) if (!perBase.has(c.baseId!)) perBase.set(c.baseId!, c);
  const picked = [...perBase.values()].slice(0, 12);
  if (picked.length < 8) return 0;
  const ministry = await ministryActor();
  const submitters = new Map<string, CallActor>();
  for (const c of picked) {
    const m = await memberOf(c.baseId!, c.base!.slug, moderator.id);
    if (m) submitters.set(c.id, m);
  }

  // A past call: submissions before its deadline, ten selected, then decided.
  const pastDeadline = new Date(now.getTime() - 40 * DAY);
  const past = await createCall(
    ministry,
    {
      title: "2026 年外贸转型升级基地创新发展案例征集（演示）",
      titleEn: "2026 call for innovation cases of the bases (demo)",
      description: paragraphs(
        "为总结推广外贸转型升级基地的创新做法，现面向各基地征集案例。（演示）",
        "请各基地围绕公共服务平台、数字化转型、品牌建设和开拓国际市场报送已在本平台发布的案例。",
      ),
      descriptionEn: paragraphs("The ministry collects the bases' innovative practices. (demo)"),
      topics: [],
      industries: [],
      deadline: pastDeadline,
    },
    { isDemo: true },
  );
  await setCallStatus(ministry, past.id, "open", new Date(pastDeadline.getTime() - 60 * DAY));
  const submitted: string[] = [];
  for (const [i, c] of picked.entries()) {
    const actor = submitters.get(c.id);
    if (!actor) continue;
    const s = await submitCase({
      callId: past.id,
      actor,
      isDemo: true,
      now: new Date(pastDeadline.getTime() - (20 - i) * DAY),
      input: { caseId: c.id, note: "该做法已在基地内推广，成效经统计核实。（演示）" },
    });
    submitted.push(s.id);
  }
  await setCallStatus(ministry, past.id, "closed", pastDeadline);
  const decidedAt = new Date(pastDeadline.getTime() + 10 * DAY);
  await decideSubmissions({
    actor: ministry,
    callId: past.id,
    ids: submitted,
    decision: "under-review",
    note: "",
    now: decidedAt,
  });
  await decideSubmissions({
    actor: ministry,
    callId: past.id,
    ids: submitted.slice(0, 10),
    decision: "selected",
    note: "经验具有较强的可复制性，拟作为典型案例推广。（演示）",
    now: decidedAt,
  });
  if (submitted.length > 10)
    await decideSubmissions({
      actor: ministry,
      callId: past.id,
      ids: submitted.slice(10),
      decision: "not-selected",
      note: "感谢报送，建议补充量化成效后参加下一批征集。（演示）",
      now: decidedAt,
    });
  await setCallStatus(ministry, past.id, "decided", decidedAt);

  // The typical-case collection made from the selected submissions.
  const collection = await createCollection(
    ministry,
    {
      title: "2026 年第一批外贸转型升级基地典型案例（演示）",
      titleEn: "Typical cases of the bases, 2026 first batch (demo)",
      introduction: paragraphs(
        "为推广各基地在转型升级中的成功经验，现将第一批典型案例汇编印发，供各地学习借鉴。（演示）",
        "各基地可结合本地产业特点，因地制宜地借鉴相关做法，并在平台上记录借鉴情况。",
      ),
      introductionEn: paragraphs("The first batch of typical cases, published for other bases to learn from. (demo)"),
      publishDate: new Date(decidedAt.getTime() + 5 * DAY),
      featured: true,
      callId: past.id,
    },
    { isDemo: true },
  );
  const added = await addSelectedSubmissions(ministry, collection.id);
  const items = await prisma.collectionItem.findMany({
    where: { collectionId: collection.id },
    select: { caseId: true },
  });
  for (const item of items)
    await setCollectionItemNote(
      ministry,
      collection.id,
      item.caseId,
      "做法清晰、成效可量化，适合同类基地借鉴。（演示）",
      "A clear practice with measured results, easy for similar bases to copy. (demo)",
    );
  await setCollectionPublished(ministry, collection.id, true, new Date(decidedAt.getTime() + 5 * DAY));

  // An open call with submissions waiting for review.
  const open = await createCall(
    ministry,
    {
      title: "外贸新业态新模式案例征集（演示）",
      titleEn: "Call for cases: new forms and models of foreign trade (demo)",
      description: paragraphs(
        "围绕跨境电商、海外仓、市场采购贸易等外贸新业态，征集基地的实践案例。（演示）",
        "截止时间为北京时间，逾期系统将不再接受报送。",
      ),
      descriptionEn: null,
      topics: [],
      industries: [],
      deadline: new Date(now.getTime() + 45 * DAY),
    },
    { isDemo: true },
  );
  await setCallStatus(ministry, open.id, "open", new Date(now.getTime() - 10 * DAY));
  for (const c of picked.slice(0, 4)) {
    const actor = submitters.get(c.id);
    if (!actor) continue;
    await submitCase({
      callId: open.id,
      actor,
      isDemo: true,
      now: new Date(now.getTime() - 2 * DAY),
      input: { caseId: c.id, note: "已在基地推广跨境电商直播，带动中小企业出口。（演示）" },
    });
  }
  if (!opts.quiet)
    console.log(`Demo curation: 2 calls, ${submitted.length + 4} submissions, a collection of ${added} cases.`);
  return added;
}
