// Calls for cases (issue 11 point 3, ADR 025): who may open, edit, move and
// review a call (per role: anonymous, member, verified member of another base,
// moderator, ministry, admin), the deadline checked on the server, one
// submission per case per call (a friendly field error), decisions notifying
// the submitter in-app and by mail in their language, and the audit rows.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { CallError, createCall, setCallStatus, submitCase } from "~/models/call.server.ts";
import { docFromPlainText } from "~/editor/validate.server.ts";
import * as newCall from "~/routes/calls.new/route.tsx";
import * as editCall from "~/routes/calls.$slug_.edit/route.tsx";
import * as callPage from "~/routes/calls.$slug/route.tsx";
import * as callsIndex from "~/routes/calls._index/route.tsx";
import * as review from "~/routes/calls.$slug_.review/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Who = { id: string; cookie: string; role: string; baseId: string | null };
type Role = "member" | "moderator" | "ministry" | "admin";

async function user(opts: { role?: Role; baseId?: string; locale?: string } = {}): Promise<Who> {
  const u = await createTestUser(opts.role ? { role: opts.role } : {});
  if (opts.baseId)
    await prisma.user.update({ where: { id: u.id }, data: { baseId: opts.baseId, baseVerifiedAt: new Date() } });
  if (opts.locale) await prisma.user.update({ where: { id: u.id }, data: { locale: opts.locale } });
  return { id: u.id, cookie: await cookieFor(u.id), role: opts.role ?? "member", baseId: opts.baseId ?? null };
}

const actorOf = (w: Who) => ({
  id: w.id,
  role: w.role,
  emailVerified: true,
  baseId: w.baseId,
  baseVerified: Boolean(w.baseId),
});

async function publish(who: Who, baseId: string, title: string) {
  const actor = { id: who.id, role: "member", baseId, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title, summary: `${title} 摘要`, baseId };
  const d = await createDraft(who.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

const doc = (text: string) => JSON.stringify(docFromPlainText(text));

function callForm(over: Record<string, string | string[]> = {}) {
  return {
    title: "2026 年跨境电商案例征集",
    titleEn: "2026 cross-border e-commerce cases",
    description: doc("请各基地报送跨境电商方面的经验。"),
    deadline: "2030-12-31T17:00",
    industries: ["textile-clothing"],
    ...over,
  };
}

let baseA: { id: string };
let baseB: { id: string };
let ministry: Who;
let admin: Who;
let moderator: Who;
let member: Who; // no base
let memberA: Who; // verified member of base A (zh-CN)
let memberA2: Who; // another of base A, English mail
let memberB: Who; // verified member of another base
let caseA: { id: string; slug: string };
let caseA2: { id: string; slug: string };

async function openCall(deadline = new Date("2030-12-31T09:00:00Z")) {
  const call = await createCall(actorOf(ministry), {
    title: "征集",
    titleEn: "Call",
    description: docFromPlainText("说明"),
    descriptionEn: null,
    topics: [],
    industries: [],
    deadline,
  });
  await setCallStatus(actorOf(ministry), call.id, "open");
  return call;
}

beforeAll(async () => {
  baseA = await createTestBase({ province: "zhejiang", industry: "textile-clothing" });
  baseB = await createTestBase({ province: "sichuan", industry: "agricultural" });
  ministry = await user({ role: "ministry" });
  admin = await user({ role: "admin" });
  moderator = await user({ role: "moderator" });
  member = await user();
  memberA = await user({ baseId: baseA.id });
  memberA2 = await user({ baseId: baseA.id, locale: "en" });
  memberB = await user({ baseId: baseB.id });
  caseA = await publish(memberA, baseA.id, "面料数字化打样");
  caseA2 = await publish(memberA2, baseA.id, "海外仓共建");
});

describe("opening and moving a call (per role)", () => {
  it("only ministry staff and admins create calls; the rest are sent to log in or refused", async () => {
    const anon = await callRoute(newCall.action, { path: "/calls/new", form: callForm() });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login");
    for (const who of [member, memberB, moderator]) {
      const res = await callRoute(newCall.action, { path: "/calls/new", cookie: who.cookie, form: callForm() });
      expect(res.status, who.role).toBe(403);
      expect((await callRoute(newCall.loader, { path: "/calls/new", cookie: who.cookie })).status).toBe(403);
    }
    for (const who of [ministry, admin]) {
      const res = await callRoute(newCall.action, { path: "/calls/new", cookie: who.cookie, form: callForm() });
      expect(res.status, who.role).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/calls\/call-/);
    }
    const created = await prisma.call.findMany({ where: { createdById: { in: [ministry.id, admin.id] } } });
    expect(created.length).toBeGreaterThanOrEqual(2);
    const c = created.find((x) => x.createdById === ministry.id)!;
    expect(c.status).toBe("draft");
    // 17:00 in Beijing is 09:00 UTC.
    expect(c.deadline.toISOString()).toBe("2030-12-31T09:00:00.000Z");
    expect(c.industries).toBe("textile-clothing");
    const audit = await prisma.auditLog.findMany({ where: { action: "call.create", targetId: c.id } });
    expect(audit).toHaveLength(1);
  });

  it("answers field errors in both languages and keeps the input", async () => {
    const res = await callRoute(newCall.action, {
      path: "/calls/new",
      cookie: ministry.cookie,
      form: callForm({ title: "", deadline: "2030-02-31T10:00" }),
    });
    expect(res.status).toBe(400);
    expect(res.data.result.error.title).toEqual(["calls:errors.titleRequired"]);
    expect(res.data.result.error.deadline).toEqual(["calls:errors.deadlineInvalid"]);
    expect(res.data.result.initialValue.titleEn).toBe("2026 cross-border e-commerce cases");
  });

  it("keeps drafts from everyone but staff, and moves draft → open → closed with audit rows", async () => {
    const call = await createCall(actorOf(ministry), {
      title: "草稿征集",
      titleEn: "",
      description: docFromPlainText("说明"),
      descriptionEn: null,
      topics: [],
      industries: [],
      deadline: new Date("2030-01-01T00:00:00Z"),
    });
    const path = `/calls/${call.slug}`;
    for (const who of [null, member, memberA, moderator])
      expect(
        (await callRoute(callPage.loader, { path, params: { slug: call.slug }, cookie: who?.cookie })).status,
      ).toBe(404);
    expect(
      (await callRoute(callPage.loader, { path, params: { slug: call.slug }, cookie: ministry.cookie })).status,
    ).toBe(200);
    const list = await callRoute(callsIndex.loader, { path: "/calls" });
    expect(list.data.drafts).toEqual([]);

    // Moving the status: refused to every role but ministry and admin.
    const move = (who: Who | null, status: string) =>
      callRoute(callPage.action, {
        path,
        params: { slug: call.slug },
        cookie: who?.cookie,
        form: { intent: "status", status },
      });
    expect((await move(null, "open")).status).toBe(302);
    // Non-staff never see a draft: 404 before anything else.
    for (const who of [member, memberB, moderator]) expect((await move(who, "open")).status, who.role).toBe(404);
    expect((await move(ministry, "closed")).status).toBe(409); // draft cannot close
    expect((await move(ministry, "open")).status).toBe(302);
    // Once open, non-staff see the call but may not move it.
    for (const who of [member, memberB, moderator]) expect((await move(who, "closed")).status, who.role).toBe(403);
    expect((await move(admin, "closed")).status).toBe(302);
    const after = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(after.status).toBe("closed");
    expect(after.closedAt).not.toBeNull();
    const actions = (
      await prisma.auditLog.findMany({ where: { targetId: call.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["call.create", "call.open", "call.close"]);
  });

  it("edits: staff only, audit row with the deadline change", async () => {
    const call = await openCall();
    const path = `/calls/${call.slug}/edit`;
    for (const who of [member, memberB, moderator]) {
      const res = await callRoute(editCall.action, {
        path,
        params: { slug: call.slug },
        cookie: who.cookie,
        form: callForm(),
      });
      expect(res.status, who.role).toBe(403);
    }
    const res = await callRoute(editCall.action, {
      path,
      params: { slug: call.slug },
      cookie: ministry.cookie,
      form: callForm({ deadline: "2031-01-15T12:00" }),
    });
    expect(res.status).toBe(302);
    const after = await prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(after.deadline.toISOString()).toBe("2031-01-15T04:00:00.000Z");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: call.id, action: "call.update" } });
    expect(JSON.parse(audit.details!)).toMatchObject({ deadlineTo: "2031-01-15T04:00:00.000Z" });
  });
});

describe("submitting a case", () => {
  it("lets a verified member submit their base's case once; refuses the others", async () => {
    const call = await openCall();
    const path = `/calls/${call.slug}`;
    const submit = (who: Who | null, caseId: string) =>
      callRoute(callPage.action, {
        path,
        params: { slug: call.slug },
        cookie: who?.cookie,
        form: { intent: "submit", caseId, note: "数字化打样缩短了交期" },
      });
    expect((await submit(null, caseA.id)).status).toBe(302);
    // No approved affiliation, whatever the role.
    for (const who of [member, moderator, ministry, admin])
      expect((await submit(who, caseA.id)).status, who.role).toBe(403);
    // A verified member of another base cannot submit base A's case.
    const other = await submit(memberB, caseA.id);
    expect(other.status).toBe(400);
    expect(other.data.result.error.caseId).toEqual(["calls:errors.case-invalid"]);

    const ok = await submit(memberA, caseA.id);
    expect(ok.status).toBe(302);
    // The same case again, even by another member of the base: a field error, not a 500.
    const again = await submit(memberA2, caseA.id);
    expect(again.status).toBe(400);
    expect(again.data.result.error.caseId).toEqual(["calls:errors.duplicate"]);
    expect(again.data.result.initialValue.note).toBe("数字化打样缩短了交期");
    expect(await prisma.submission.count({ where: { callId: call.id } })).toBe(1);

    // The page offers the base's cases, marking the submitted one, and lists the base's submissions.
    const page = await callRoute(callPage.loader, { path, params: { slug: call.slug }, cookie: memberA2.cookie });
    expect(page.data.submit.allowed).toBe(true);
    expect(page.data.choices.find((c: { id: string }) => c.id === caseA.id).submitted).toBe(true);
    expect(page.data.mine.map((s: { caseSlug: string }) => s.caseSlug)).toEqual([caseA.slug]);
  });

  it("enforces the deadline on the server, to the second, and refuses calls that are not open", async () => {
    const deadline = new Date("2030-06-30T09:00:00Z");
    const call = await openCall(deadline);
    const input = { caseId: caseA.id, note: "" };
    await expect(
      submitCase({ callId: call.id, actor: actorOf(memberA), input, now: new Date(deadline.getTime() + 1000) }),
    ).rejects.toMatchObject({ code: "deadline" });
    await submitCase({ callId: call.id, actor: actorOf(memberA), input, now: deadline });
    expect(await prisma.submission.count({ where: { callId: call.id } })).toBe(1);

    // Through the route: a call whose deadline has passed answers a form error, no row.
    const past = await openCall(new Date(Date.now() - 60_000));
    const res = await callRoute(callPage.action, {
      path: `/calls/${past.slug}`,
      params: { slug: past.slug },
      cookie: memberA.cookie,
      form: { intent: "submit", caseId: caseA.id },
    });
    expect(res.status).toBe(403);
    expect(res.data.result.error[""]).toEqual(["calls:errors.deadline"]);
    expect(await prisma.submission.count({ where: { callId: past.id } })).toBe(0);

    await setCallStatus(actorOf(ministry), call.id, "closed");
    await expect(
      submitCase({ callId: call.id, actor: actorOf(memberA), input: { caseId: caseA2.id, note: "" } }),
    ).rejects.toBeInstanceOf(CallError);
  });
});

describe("reviewing submissions", () => {
  it("lets only ministry and admins decide, in bulk, notifying each submitter in-app and by mail in their language, audit-logged", async () => {
    const call = await openCall();
    const s1 = await submitCase({ callId: call.id, actor: actorOf(memberA), input: { caseId: caseA.id, note: "n1" } });
    const s2 = await submitCase({
      callId: call.id,
      actor: actorOf(memberA2),
      input: { caseId: caseA2.id, note: "n2" },
    });
    const path = `/calls/${call.slug}/review`;
    const decide = (who: Who | null, form: Record<string, string | string[]>) =>
      callRoute(review.action, { path, params: { slug: call.slug }, cookie: who?.cookie, form });
    const form = { intent: "decide", decision: "selected", ids: [s1.id, s2.id], note: "经验可复制" };
    expect((await decide(null, form)).status).toBe(302);
    for (const who of [member, memberA, memberB, moderator]) {
      expect((await decide(who, form)).status, who.role).toBe(403);
      expect((await callRoute(review.loader, { path, params: { slug: call.slug }, cookie: who.cookie })).status).toBe(
        403,
      );
    }
    const mailsBefore = await prisma.job.count({ where: { kind: "mail" } });
    const missing = await decide(ministry, { intent: "decide", ids: [s1.id] });
    expect(missing.status).toBe(400);
    expect(missing.data.result.error.decision).toEqual(["calls:errors.decisionRequired"]);

    expect((await decide(ministry, form)).status).toBe(302);
    const rows = await prisma.submission.findMany({ where: { callId: call.id } });
    expect(rows.map((r) => r.status)).toEqual(["selected", "selected"]);
    expect(rows.every((r) => r.decisionNote === "经验可复制" && r.decidedById === ministry.id)).toBe(true);

    const n1 = await prisma.notification.findFirstOrThrow({
      where: { userId: memberA.id, type: "submission.selected" },
    });
    expect(JSON.parse(n1.data)).toMatchObject({ note: "经验可复制", href: `/calls/${call.slug}#mine` });
    expect(await prisma.notification.count({ where: { userId: memberA2.id, type: "submission.selected" } })).toBe(1);

    const mails = await prisma.job.findMany({
      where: { kind: "mail" },
      orderBy: { createdAt: "asc" },
      skip: mailsBefore,
    });
    const payloads = mails.map((m) => JSON.parse(m.payload) as { to: string; subject: string; text: string });
    const zh = payloads.find((p) => p.to.startsWith("user-") && p.text.includes("面料数字化打样"))!;
    expect(zh.subject).toContain("已入选");
    expect(zh.text).toContain("经验可复制");
    const en = payloads.find((p) => p.text.includes("海外仓共建"))!;
    expect(en.subject).toContain("was selected");
    expect(payloads).toHaveLength(2);

    const audit = await prisma.auditLog.findMany({ where: { action: "submission.decide", actorId: ministry.id } });
    expect(audit.map((a) => a.targetId).sort()).toEqual([s1.id, s2.id].sort());

    // The same decision again changes nothing and sends nothing; a new one does.
    expect((await decide(admin, form)).status).toBe(302);
    expect(await prisma.job.count({ where: { kind: "mail" } })).toBe(mailsBefore + 2);
    expect((await decide(admin, { intent: "decide", decision: "not-selected", ids: [s2.id] })).status).toBe(302);
    expect(await prisma.job.count({ where: { kind: "mail" } })).toBe(mailsBefore + 3);

    // Filters: status, industry and province of the submitting base.
    const q = await callRoute(review.loader, {
      path: `${path}?status=not-selected&province=zhejiang`,
      params: { slug: call.slug },
      cookie: ministry.cookie,
    });
    expect(q.data.rows.map((r: { id: string }) => r.id)).toEqual([s2.id]);
    const none = await callRoute(review.loader, {
      path: `${path}?industry=agricultural`,
      params: { slug: call.slug },
      cookie: ministry.cookie,
    });
    expect(none.data.rows).toEqual([]);

    // The submitter sees the decision and the note on the call page.
    const page = await callRoute(callPage.loader, {
      path: `/calls/${call.slug}`,
      params: { slug: call.slug },
      cookie: memberA.cookie,
    });
    expect(page.data.mine.find((s: { id: string }) => s.id === s1.id)).toMatchObject({
      status: "selected",
      decisionNote: "经验可复制",
    });
  });
});
