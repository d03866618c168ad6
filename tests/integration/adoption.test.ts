// Adoptions (issue 11 point 6, ADR 027): who may record one (per role), what one
// write keeps in step (count, search outbox, page versions, one fan-out job), the
// notifications the job writes in batches without duplicates on a retry, the
// form's errors in both languages with the input kept, the case page, the base
// page and the member's own state through /resources/viewer-state.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { casePageVersion, createDraft, publishCase } from "~/models/case.server.ts";
import { recordAdoption, ADOPTION_NOTIFY_JOB } from "~/models/adoption.server.ts";
import { fanOutAdoption } from "~/jobs/adoption-notify.server.ts";
import { runDueJobs } from "~/jobs/worker.server.ts";
import { follow } from "~/models/subscription.server.ts";
import * as adoptionRoute from "~/routes/cases.$slug_.adoption/route.tsx";
import * as casePage from "~/routes/cases.$slug/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import * as stateRoute from "~/routes/resources.viewer-state/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Who = { id: string; cookie: string };

let baseA: { id: string; slug: string };
let baseB: { id: string; slug: string };
let baseC: { id: string; slug: string };
let author: Who;
let memberB: Who;
let memberB2: Who;
let memberC: Who;
let caseA: { id: string; slug: string };
let followUpB: { id: string; slug: string };

async function user(opts: { role?: "member" | "moderator" | "ministry" | "admin"; baseId?: string } = {}) {
  const u = await createTestUser(opts.role ? { role: opts.role } : {});
  if (opts.baseId)
    await prisma.user.update({ where: { id: u.id }, data: { baseId: opts.baseId, baseVerifiedAt: new Date() } });
  return { id: u.id, cookie: await cookieFor(u.id) };
}

async function publish(who: Who, baseId: string, title: string) {
  const actor = { id: who.id, role: "member", baseId, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title, summary: `${title} summary`, baseId };
  const d = await createDraft(who.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

const adoptionPath = (slug: string) => `/cases/${slug}/adoption`;
const post = (who: Who | null, slug: string, form: Record<string, string>, lang = "zh-CN") =>
  callRoute(adoptionRoute.action, {
    path: adoptionPath(slug),
    params: { slug },
    cookie: who?.cookie,
    form,
    headers: { "accept-language": lang },
  });
const open = (who: Who | null, slug: string) =>
  callRoute(adoptionRoute.loader, { path: adoptionPath(slug), params: { slug }, cookie: who?.cookie });

async function drainJobs() {
  while ((await runDueJobs("test-worker", 10)) > 0) {
    /* until no job is due */
  }
}

beforeAll(async () => {
  baseA = await createTestBase({ province: "zhejiang", industry: "textile-clothing" });
  baseB = await createTestBase({ province: "sichuan", industry: "agricultural" });
  baseC = await createTestBase({ province: "zhejiang", industry: "textile-clothing" });
  author = await user({ baseId: baseA.id });
  memberB = await user({ baseId: baseB.id });
  memberB2 = await user({ baseId: baseB.id });
  memberC = await user({ baseId: baseC.id });
  caseA = await publish(author, baseA.id, "面料数字化打样");
  followUpB = await publish(memberB, baseB.id, "基于打样经验的茶叶包装改进");
});

describe("who may record an adoption (per role)", () => {
  it("sends anonymous visitors to log in, refuses members without a verified affiliation of any role, and lets a verified member of another base in", async () => {
    const anon = await open(null, caseA.slug);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login?redirectTo=");
    const anonPost = await post(null, caseA.slug, { stage: "considering" });
    expect(anonPost.status).toBe(302);

    for (const role of ["member", "moderator", "ministry", "admin"] as const) {
      const who = await user({ role });
      const page = await open(who, caseA.slug);
      expect(page.status, role).toBe(403);
      const res = await post(who, caseA.slug, { stage: "considering" });
      expect(res.status, role).toBe(403);
    }
    // A verified member of the case's own base may not adopt their own base's practice.
    expect((await open(author, caseA.slug)).status).toBe(403);
    expect((await post(author, caseA.slug, { stage: "adopted" })).status).toBe(403);

    const page = await open(memberB, caseA.slug);
    expect(page.status).toBe(200);
    expect(page.data.own).toBeNull();
    expect(page.data.choices.map((c: { id: string }) => c.id)).toEqual([followUpB.id]);
    expect(await prisma.adoption.count()).toBe(0);
  });
});

describe("recording and updating", () => {
  it("keeps input and answers field errors in the reader's language", async () => {
    const long = "很".repeat(501);
    const zh = await post(memberB, caseA.slug, { note: long, outcome: "x" });
    expect(zh.status).toBe(400);
    expect(zh.data.result.error.stage).toEqual(["adoption:errors.stageRequired"]);
    expect(zh.data.result.error.note).toEqual(["adoption:errors.noteTooLong"]);
    expect(zh.data.result.initialValue.note).toBe(long);
    // Metric rows are checked like the case form's.
    const metrics = await post(memberB, caseA.slug, {
      stage: "piloting",
      "metrics[0].label": "",
      "metrics[0].after": "",
    });
    expect(metrics.status).toBe(400);
    expect(metrics.data.result.error["metrics[0].label"]).toEqual(["cases:errors.metricLabelRequired"]);
    expect(metrics.data.result.error["metrics[0].after"]).toEqual(["cases:errors.metricAfterRequired"]);
    // A follow-up case that is not the adopter base's own: a field error, in English for an English reader.
    const foreign = await post(memberB, caseA.slug, { stage: "piloting", followUpCaseId: caseA.id }, "en");
    expect(foreign.status).toBe(400);
    expect(foreign.data.result.error.followUpCaseId).toEqual(["adoption:errors.follow-up-invalid"]);
    expect(await prisma.adoption.count()).toBe(0);
  });

  it("records the base's adoption, keeps the count, the search document, the page versions and one job in one write", async () => {
    const follower = await user();
    await prisma.$transaction((tx) => follow(tx, follower.id, "case", caseA.id));
    const before = await casePageVersion(caseA.slug);
    const followUpBefore = await casePageVersion(followUpB.slug);
    const outboxBefore = await prisma.searchOutbox.count({ where: { docId: `case-${caseA.id}` } });

    const res = await post(memberB, caseA.slug, {
      stage: "piloting",
      note: "在茶叶包装上试用数字化打样。",
      followUpCaseId: followUpB.id,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/cases/${caseA.slug}#adoptions`);

    const a = await prisma.adoption.findUniqueOrThrow({
      where: { caseId_baseId: { caseId: caseA.id, baseId: baseB.id } },
    });
    expect(a).toMatchObject({
      stage: "piloting",
      userId: memberB.id,
      followUpCaseId: followUpB.id,
      adopterProvince: "sichuan",
      adopterIndustry: "agricultural",
      sourceProvince: "zhejiang",
      sourceIndustry: "textile-clothing",
    });
    expect((await prisma.caseStudy.findUniqueOrThrow({ where: { id: caseA.id } })).adoptionCount).toBe(1);
    expect(await prisma.searchOutbox.count({ where: { docId: `case-${caseA.id}` } })).toBe(outboxBefore + 1);
    expect(await casePageVersion(caseA.slug)).not.toBe(before);
    expect(await casePageVersion(followUpB.slug)).not.toBe(followUpBefore);
    // No notification yet: the write recorded ONE job; the worker fans out.
    const jobs = await prisma.job.findMany({ where: { kind: ADOPTION_NOTIFY_JOB, status: "queued" } });
    expect(jobs).toHaveLength(1);
    expect(await prisma.notification.count({ where: { type: { startsWith: "adoption." } } })).toBe(0);
    // The recorder now follows the case.
    expect(
      await prisma.subscription.count({ where: { userId: memberB.id, targetType: "case", targetId: caseA.id } }),
    ).toBe(1);

    await drainJobs();
    const notes = await prisma.notification.findMany({ where: { type: { startsWith: "adoption." } } });
    expect(notes.map((n) => [n.userId, n.type]).sort()).toEqual(
      [
        [author.id, "adoption.onYourCase.piloting"],
        [follower.id, "adoption.followed.piloting"],
      ].sort(),
    );
    const data = JSON.parse(notes[0]!.data) as Record<string, string>;
    expect(data.href).toBe(`/cases/${caseA.slug}#adoptions`);
    expect(notes.every((n) => n.targetKey === `case:${caseA.id}`)).toBe(true);
  });

  it("lets another verified member of the same base update the same record; a stage change notifies again, an unchanged stage does not", async () => {
    const same = await post(memberB2, caseA.slug, { stage: "piloting", note: "补充说明" });
    expect(same.status).toBe(302);
    expect(await prisma.job.count({ where: { kind: ADOPTION_NOTIFY_JOB, status: "queued" } })).toBe(0);
    const page = await open(memberB2, caseA.slug);
    expect(page.data.own).toMatchObject({ stage: "piloting", note: "补充说明", followUpCaseId: null });

    const moved = await post(memberB2, caseA.slug, {
      stage: "adopted",
      note: "已全面推广",
      outcome: "打样周期缩短",
      "metrics[0].label": "打样周期",
      "metrics[0].before": "14",
      "metrics[0].after": "5",
      "metrics[0].unit": "天",
    });
    expect(moved.status).toBe(302);
    expect(await prisma.adoption.count({ where: { caseId: caseA.id } })).toBe(1);
    await drainJobs();
    expect(await prisma.notification.count({ where: { userId: author.id, type: "adoption.onYourCase.adopted" } })).toBe(
      1,
    );
  });

  it("a retried fan-out writes nobody's notification twice, and batches large follower lists", async () => {
    const followers: Who[] = [];
    for (let i = 0; i < 7; i++) followers.push(await user());
    await prisma.$transaction(async (tx) => {
      for (const f of followers) await follow(tx, f.id, "case", caseA.id);
    });
    const { id } = await recordAdoption({
      caseId: caseA.id,
      actor: {
        id: memberC.id,
        role: "member",
        emailVerified: true,
        baseId: baseC.id,
        baseVerified: true,
        displayName: "C",
        username: "c",
      },
      input: { stage: "considering", note: "", outcome: "", metrics: [], followUpCaseId: null },
    });
    const job = await prisma.job.findFirstOrThrow({ where: { kind: ADOPTION_NOTIFY_JOB, status: "queued" } });
    const payload = JSON.parse(job.payload) as { adoptionId: string };
    expect(payload.adoptionId).toBe(id);
    const first = await fanOutAdoption(payload, { batchSize: 3 });
    const again = await fanOutAdoption(payload, { batchSize: 3 });
    expect(again).toBe(0);
    const count = await prisma.notification.count({
      where: { type: { startsWith: "adoption." }, data: { contains: `${id}:recorded` } },
    });
    expect(count).toBe(first);
    // author + the earlier follower + memberB, memberB2 (who follow by recording) + the 7 new followers
    expect(first).toBe(1 + 1 + 2 + 7);
    await prisma.job.update({ where: { id: job.id }, data: { status: "done" } });
  });
});

describe("pages", () => {
  it("the case page lists who adopted, the follow-up case says what it is based on, and the base page lists both directions", async () => {
    const page = await callRoute(casePage.loader, { path: `/cases/${caseA.slug}`, params: { slug: caseA.slug } });
    expect(page.status).toBe(200);
    expect(page.data.adoptions.count).toBe(2);
    expect(
      page.data.adoptions.items.map((a: { base: { slug: string }; stage: string }) => [a.base.slug, a.stage]),
    ).toEqual([
      [baseB.slug, "adopted"],
      [baseC.slug, "considering"],
    ]);
    expect(page.data.adoptions.items[0].metrics[0]).toMatchObject({ label: "打样周期", before: "14", after: "5" });
    expect(page.data.adoption).toEqual({ refusal: "sign-in", own: null });
    // JSON-LD: an Article, with nothing that could close the script element.
    const ld = JSON.parse(page.data.jsonLd as string) as Record<string, unknown>;
    expect(ld["@type"]).toBe("Article");
    expect(ld.url).toBe(`http://127.0.0.1:3000/cases/${caseA.slug}`);

    const followUp = await callRoute(casePage.loader, {
      path: `/cases/${followUpB.slug}`,
      params: { slug: followUpB.slug },
    });
    // memberB2's update cleared the follow-up link
    expect(followUp.data.basedOn).toEqual([]);
    await post(memberB, caseA.slug, { stage: "adopted", followUpCaseId: followUpB.id, note: "已全面推广" });
    const linked = await callRoute(casePage.loader, {
      path: `/cases/${followUpB.slug}`,
      params: { slug: followUpB.slug },
    });
    expect(linked.data.basedOn.map((c: { slug: string }) => c.slug)).toEqual([caseA.slug]);

    const a = await callRoute(basePage.loader, { path: `/bases/${baseA.slug}`, params: { slug: baseA.slug } });
    expect(a.data.adoptions.adopted).toEqual([]);
    expect(a.data.adoptions.adoptedFrom.map((r: { base: { slug: string } }) => r.base.slug).sort()).toEqual(
      [baseB.slug, baseC.slug].sort(),
    );
    const b = await callRoute(basePage.loader, { path: `/bases/${baseB.slug}`, params: { slug: baseB.slug } });
    expect(b.data.adoptions.adopted.map((r: { case: { slug: string } }) => r.case.slug)).toEqual([caseA.slug]);
  });

  it("the members' shared render offers the generic action; viewer-state gives each member their own", async () => {
    const shared = await callRoute(casePage.loader, {
      path: `/cases/${caseA.slug}`,
      params: { slug: caseA.slug },
      shared: true,
    });
    expect(shared.data.adoption).toEqual({ refusal: null, own: null });
    const state = async (who: Who) =>
      (
        await callRoute(stateRoute.loader, {
          path: `/resources/viewer-state?page=${encodeURIComponent(`/cases/${caseA.slug}`)}`,
          cookie: who.cookie,
        })
      ).data.case.adoption;
    expect(await state(memberB)).toMatchObject({ refusal: null, own: { stage: "adopted" } });
    expect(await state(author)).toEqual({ refusal: "own-base", own: null });
    expect(await state(await user())).toEqual({ refusal: "no-base", own: null });
  });

  it("withdrawing removes the base's record and the count", async () => {
    const res = await post(memberC, caseA.slug, { intent: "remove" });
    expect(res.status).toBe(302);
    expect((await prisma.caseStudy.findUniqueOrThrow({ where: { id: caseA.id } })).adoptionCount).toBe(1);
    const again = await post(memberC, caseA.slug, { intent: "remove" });
    expect(again.status).toBe(404);
    expect(again.data.result.error[""]).toEqual(["adoption:errors.no-adoption"]);
  });
});
