// The opt-in weekly mail of new typical cases and collections (issue 11 point 8,
// ADR 025): opting in on /collections, one mail per member per week with what
// was published since, in their language, with RFC 8058 one-click unsubscribe
// headers; nothing for members who did not opt in or turned mail off.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { addCollectionItem, createCollection, setCollectionPublished } from "~/models/collection.server.ts";
import { docFromPlainText } from "~/editor/validate.server.ts";
import { runTypicalDigests, TYPICAL_DIGEST_EVERY_MS } from "~/jobs/typical-digest.server.ts";
import * as collectionsIndex from "~/routes/collections._index/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

let reader: { id: string; cookie: string; email: string };
let englishReader: { id: string; cookie: string; email: string };
let optedOut: { id: string; email: string };
let notOptedIn: { id: string; email: string };

async function mailsTo(email: string) {
  const jobs = await prisma.job.findMany({ where: { kind: "mail" } });
  return jobs
    .map(
      (j) => JSON.parse(j.payload) as { to: string; subject: string; text: string; headers?: Record<string, string> },
    )
    .filter((m) => m.to === email);
}

beforeAll(async () => {
  const base = await createTestBase();
  const ministry = await createTestUser({ role: "ministry" });
  const author = await createTestUser();
  await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const content = { ...emptyContent(), title: "跨境电商直播带货", summary: "摘要", baseId: base.id };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  await publishCase(
    d.id,
    { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true },
    content,
    {
      expectedVersion: d.draftVersion,
    },
  );

  const r = await createTestUser();
  reader = { id: r.id, cookie: await cookieFor(r.id), email: r.email };
  const e = await createTestUser();
  await prisma.user.update({ where: { id: e.id }, data: { locale: "en" } });
  englishReader = { id: e.id, cookie: await cookieFor(e.id), email: e.email };
  const o = await createTestUser();
  await prisma.user.update({ where: { id: o.id }, data: { typicalCaseDigest: true, emailNotifications: false } });
  optedOut = { id: o.id, email: o.email };
  const n = await createTestUser();
  notOptedIn = { id: n.id, email: n.email };

  const actor = { id: ministry.id, role: "ministry" };
  const col = await createCollection(actor, {
    title: "2026 年第三批典型案例",
    titleEn: "Typical cases, third batch",
    introduction: docFromPlainText("导语"),
    introductionEn: null,
    publishDate: null,
    featured: false,
    callId: null,
  });
  await addCollectionItem(actor, col.id, d.id);
  await setCollectionPublished(actor, col.id, true);
});

describe("weekly typical-case digest", () => {
  it("is opted into on /collections by signed-in members only", async () => {
    const anon = await callRoute(collectionsIndex.action, {
      path: "/collections",
      form: { intent: "digest", typicalCaseDigest: "on" },
    });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login");
    for (const who of [reader, englishReader]) {
      const res = await callRoute(collectionsIndex.action, {
        path: "/collections",
        cookie: who.cookie,
        form: { intent: "digest", typicalCaseDigest: "on" },
      });
      expect(res.status).toBe(302);
    }
    const page = await callRoute(collectionsIndex.loader, { path: "/collections", cookie: reader.cookie });
    expect(page.data.digest).toEqual({ on: true });
  });

  it("mails each opted-in member once a week, in their language, with one-click unsubscribe", async () => {
    const now = new Date(Date.now() + 60_000);
    await runTypicalDigests({ now });
    const [zh] = await mailsTo(reader.email);
    expect(zh!.subject).toContain("典型案例");
    expect(zh!.text).toContain("2026 年第三批典型案例");
    expect(zh!.text).toContain("跨境电商直播带货");
    expect(zh!.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(zh!.headers?.["List-Unsubscribe"]).toMatch(/^<https?:\/\/.+\/unsubscribe\/confirm\?token=/);
    const [en] = await mailsTo(englishReader.email);
    expect(en!.text).toContain("Typical cases, third batch");
    expect(await mailsTo(optedOut.email)).toEqual([]);
    expect(await mailsTo(notOptedIn.email)).toEqual([]);

    // Within the week: nothing more. A week later with nothing new: no mail either.
    await runTypicalDigests({ now: new Date(now.getTime() + 60_000) });
    await runTypicalDigests({ now: new Date(now.getTime() + TYPICAL_DIGEST_EVERY_MS + 60_000) });
    expect(await mailsTo(reader.email)).toHaveLength(1);
  });
});
