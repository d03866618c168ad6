// The base registry (issue 11 point 1) through the route modules, per role:
// only admins list, create, edit, retire and import; every write is
// audit-logged; a rename queues the base's cases for re-indexing; a retired base
// keeps its cases and page but leaves the affiliation picker; the import
// previews, refuses a file with a bad row whole, and a second import changes
// nothing (also as a property over generated files).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as list from "~/routes/admin.bases/route.tsx";
import * as create from "~/routes/admin.bases_.new/route.tsx";
import * as edit from "~/routes/admin.bases_.$id/route.tsx";
import * as importRoute from "~/routes/admin.bases_.import/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import { listBaseOptions } from "~/models/base.server.ts";
import { createTestBase } from "../helpers/bases.ts";
import { requestAffiliation } from "~/models/affiliation.server.ts";
import { parseBaseFile } from "~/models/base-import.server.ts";
import { applyImport } from "~/models/base-registry.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Role = "member" | "moderator" | "ministry" | "admin";
const cookies = {} as Record<Role, string>;
let adminId = "";

const HEADER = "code,name_zh,name_en,province,city_zh,city_en,industry,recognition_batch,recognition_year";

function csvForm(csv: string, name = "bases.csv") {
  const form = new FormData();
  form.append("intent", "preview");
  form.append("file", new File([csv], name, { type: "text/csv" }));
  return form;
}

const preview = (cookie: string | undefined, csv: string) =>
  callRoute(importRoute.action, { path: "/admin/bases/import", cookie, form: csvForm(csv) });
const apply = (cookie: string | undefined, token: string) =>
  callRoute(importRoute.action, { path: "/admin/bases/import", cookie, form: { intent: "apply", token } });

const baseForm = (over: Record<string, string> = {}) => ({
  intent: "save",
  code: "ZJ-T-001",
  nameZh: "测试市测试品国家外贸转型升级基地",
  nameEn: "Test City Test Goods Base",
  province: "zhejiang",
  cityZh: "测试市",
  cityEn: "Test City",
  industry: "agricultural",
  recognitionBatch: "2",
  recognitionYear: "2012",
  website: "https://base.example.cn",
  ...over,
});

beforeAll(async () => {
  for (const role of ["member", "moderator", "ministry", "admin"] as const) {
    const u = await createTestUser({ role });
    cookies[role] = await cookieFor(u.id);
    if (role === "admin") adminId = u.id;
  }
});

describe("who may use the registry", () => {
  it("sends visitors to log in and refuses members, moderators and ministry staff everything", async () => {
    const csv = `${HEADER}\nROLE-1,角色测试基地,Role Base,浙江,杭州市,Hangzhou,机电,,\n`;
    const some = await createTestBase();
    const before = await prisma.base.count();
    const anon = [
      await callRoute(list.loader, { path: "/admin/bases" }),
      await callRoute(create.action, { path: "/admin/bases/new", form: baseForm({ code: "ANON-1" }) }),
      await preview(undefined, csv),
    ];
    for (const res of anon) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    }
    for (const role of ["member", "moderator", "ministry"] as const) {
      const cookie = cookies[role];
      expect((await callRoute(list.loader, { path: "/admin/bases", cookie })).status, role).toBe(403);
      expect((await callRoute(importRoute.loader, { path: "/admin/bases/import", cookie })).status, role).toBe(403);
      expect(
        (await callRoute(create.action, { path: "/admin/bases/new", cookie, form: baseForm({ code: `X-${role}` }) }))
          .status,
      ).toBe(403);
      expect(
        (
          await callRoute(edit.action, {
            path: `/admin/bases/${some.id}`,
            params: { id: some.id },
            cookie,
            form: { intent: "retire", reason: "x" },
          })
        ).status,
      ).toBe(403);
      expect((await preview(cookie, csv)).status, role).toBe(403);
      expect((await apply(cookie, "0".repeat(32))).status, role).toBe(403);
    }
    expect(await prisma.base.count()).toBe(before);
  });
});

describe("create, edit, retire", () => {
  it("creates a base with the audit row; a taken code is a field error in the form, input kept", async () => {
    const res = await callRoute(create.action, { path: "/admin/bases/new", cookie: cookies.admin, form: baseForm() });
    expect(res.status).toBe(302);
    const base = await prisma.base.findUniqueOrThrow({ where: { code: "ZJ-T-001" } });
    expect(base).toMatchObject({
      slug: "zj-t-001",
      recognitionBatch: 2,
      recognitionYear: 2012,
      website: "https://base.example.cn/",
      retiredAt: null,
    });
    expect(base.namePinyin).toMatch(/^ceshishiceshipin/);
    expect(await prisma.auditLog.count({ where: { action: "base.create", targetId: base.id, actorId: adminId } })).toBe(
      1,
    );

    const again = await callRoute(create.action, {
      path: "/admin/bases/new",
      cookie: cookies.admin,
      form: baseForm({ code: "zj-t-001" }),
    });
    expect(again.status).toBe(409);
    expect(again.data.result.error.code).toEqual(["registry:errors.codeTaken"]);
    expect(again.data.result.initialValue.nameZh).toBe("测试市测试品国家外贸转型升级基地");

    const bad = await callRoute(create.action, {
      path: "/admin/bases/new",
      cookie: cookies.admin,
      form: baseForm({ code: "bad code", province: "atlantis", recognitionYear: "1800", website: "javascript:x" }),
    });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error).toMatchObject({
      code: ["registry:errors.codeInvalid"],
      province: ["registry:errors.provinceInvalid"],
      recognitionYear: ["registry:errors.yearInvalid"],
      website: ["registry:errors.websiteInvalid"],
    });
  });

  it("a rename queues the search documents of the base's cases and is audit-logged with what changed", async () => {
    const base = await prisma.base.findUniqueOrThrow({ where: { code: "ZJ-T-001" } });
    const author = await createTestUser();
    const kase = await prisma.caseStudy.create({
      data: {
        slug: `registry-case-${Date.now()}`,
        authorId: author.id,
        baseId: base.id,
        status: "published",
        title: "改名测试案例",
        summary: "摘要",
        draft: "{}",
        publishedAt: new Date(),
      },
      select: { id: true },
    });
    await prisma.searchOutbox.deleteMany({ where: { docId: `case-${kase.id}` } });
    const res = await callRoute(edit.action, {
      path: `/admin/bases/${base.id}`,
      params: { id: base.id },
      cookie: cookies.admin,
      form: baseForm({ nameEn: "Renamed Test Base" }),
    });
    expect(res.status).toBe(302);
    expect((await prisma.base.findUniqueOrThrow({ where: { id: base.id } })).nameEn).toBe("Renamed Test Base");
    expect(await prisma.searchOutbox.count({ where: { docId: `case-${kase.id}` } })).toBe(1);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "base.update", targetId: base.id } });
    expect(JSON.parse(audit.details!)).toMatchObject({
      changed: { nameEn: { from: "Test City Test Goods Base", to: "Renamed Test Base" } },
      reindexed: 1,
    });
    // Saving the same values again changes nothing.
    const same = await callRoute(edit.action, {
      path: `/admin/bases/${base.id}`,
      params: { id: base.id },
      cookie: cookies.admin,
      form: baseForm({ nameEn: "Renamed Test Base" }),
    });
    expect(same.status).toBe(400);
    expect(same.data.result.error[""]).toEqual(["registry:errors.unchanged"]);
  });

  it("retiring keeps the cases and the page, hides the base from new affiliations, and can be undone", async () => {
    const base = await prisma.base.findUniqueOrThrow({ where: { code: "ZJ-T-001" } });
    const cases = await prisma.caseStudy.count({ where: { baseId: base.id } });
    const res = await callRoute(edit.action, {
      path: `/admin/bases/${base.id}`,
      params: { id: base.id },
      cookie: cookies.admin,
      form: { intent: "retire", reason: "Merged into another base" },
    });
    expect(res.status).toBe(302);
    expect((await prisma.base.findUniqueOrThrow({ where: { id: base.id } })).retiredAt).toBeInstanceOf(Date);
    expect(await prisma.caseStudy.count({ where: { baseId: base.id } })).toBe(cases);
    expect(
      (await callRoute(basePage.loader, { path: `/bases/${base.slug}`, params: { slug: base.slug } })).status,
    ).toBe(200);
    expect((await listBaseOptions()).some((b) => b.id === base.id)).toBe(false);
    const member = await createTestUser();
    expect(await requestAffiliation(member.id, { baseSlug: base.slug, message: "我在这个基地工作" })).toEqual({
      ok: false,
      error: "base-not-found",
    });
    const listed = await callRoute(list.loader, { path: "/admin/bases?status=retired&q=ZJ-T", cookie: cookies.admin });
    expect(listed.data.bases.map((b: { code: string }) => b.code)).toEqual(["ZJ-T-001"]);
    expect(
      (await callRoute(list.loader, { path: "/admin/bases?q=ZJ-T", cookie: cookies.admin })).data.bases,
    ).toHaveLength(0);
    expect(
      await prisma.auditLog.findFirstOrThrow({ where: { action: "base.retire", targetId: base.id } }),
    ).toMatchObject({ reason: "Merged into another base", actorId: adminId });

    const back = await callRoute(edit.action, {
      path: `/admin/bases/${base.id}`,
      params: { id: base.id },
      cookie: cookies.admin,
      form: { intent: "unretire" },
    });
    expect(back.status).toBe(302);
    expect((await listBaseOptions()).some((b) => b.id === base.id)).toBe(true);
  });

  it("lists with search and filters for admins", async () => {
    const res = await callRoute(list.loader, {
      path: "/admin/bases?q=%E6%B5%8B%E8%AF%95%E5%B8%82&province=zhejiang&industry=agricultural",
      cookie: cookies.admin,
    });
    expect(res.status).toBe(200);
    expect(res.data.bases.map((b: { code: string }) => b.code)).toContain("ZJ-T-001");
    const other = await callRoute(list.loader, {
      path: "/admin/bases?q=ZJ-T-001&province=beijing",
      cookie: cookies.admin,
    });
    expect(other.data.total).toBe(0);
  });
});

describe("import", () => {
  const rows = (n: number, prefix: string) =>
    Array.from(
      { length: n },
      (_, i) =>
        `${prefix}-${i},导入测试基地${prefix}${i},Import Base ${prefix} ${i},山东省,青岛市,Qingdao,纺织服装,1,2011`,
    );

  it("previews without writing, applies the previewed file once, and a second import changes nothing", async () => {
    const csv = `${HEADER}\n${rows(3, "IMP").join("\n")}\n`;
    const before = await prisma.base.count();
    const first = await preview(cookies.admin, csv);
    expect(first.status).toBe(200);
    expect(first.data.preview).toMatchObject({ rows: 3, counts: { creates: 3, updates: 0, unchanged: 0, errors: 0 } });
    expect(await prisma.base.count()).toBe(before);
    const token = first.data.preview.token as string;
    expect(token).toMatch(/^[a-f0-9]{32}$/);

    // Another admin cannot apply this admin's preview.
    const other = await createTestUser({ role: "admin" });
    expect((await apply(await cookieFor(other.id), token)).status).toBe(410);

    const applied = await apply(cookies.admin, token);
    expect(applied.status).toBe(302);
    expect(applied.headers.get("location")).toBe("/admin/bases?imported=3.0.0");
    expect(await prisma.base.count()).toBe(before + 3);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "base.import", actorId: adminId },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(audit.details!)).toMatchObject({
      via: "web",
      source: "bases.csv",
      created: ["IMP-0", "IMP-1", "IMP-2"],
    });
    // The token is spent.
    expect((await apply(cookies.admin, token)).status).toBe(410);

    const second = await preview(cookies.admin, csv);
    expect(second.data.preview.counts).toEqual({ creates: 0, updates: 0, unchanged: 3, errors: 0 });
    const auditsBefore = await prisma.auditLog.count({ where: { action: "base.import" } });
    expect((await apply(cookies.admin, second.data.preview.token)).status).toBe(302);
    expect(await prisma.base.count()).toBe(before + 3);
    expect(await prisma.auditLog.count({ where: { action: "base.import" } })).toBe(auditsBefore);
  });

  it("shows each bad row with its line and offers no apply; nothing is half-applied", async () => {
    const csv = `${HEADER}\n${rows(2, "HALF").join("\n")}\nHALF-9,坏行,Bad Row,Atlantis,青岛市,Qingdao,纺织服装,1,2011\n`;
    const res = await preview(cookies.admin, csv);
    expect(res.status).toBe(422);
    expect(res.data.preview.token).toBeNull();
    expect(res.data.preview.errors).toEqual([
      { line: 4, field: "province", reason: "province-unknown", value: "Atlantis" },
    ]);
    expect(await prisma.base.count({ where: { code: { startsWith: "HALF-" } } })).toBe(0);

    // Straight through the model: a bad row refuses the whole file.
    const parsed = await parseBaseFile(new TextEncoder().encode(csv));
    expect((await applyImport({ id: adminId }, parsed)).ok).toBe(false);
    expect(await prisma.base.count({ where: { code: { startsWith: "HALF-" } } })).toBe(0);
  });

  it("answers 400 without a file and 410 for an unknown token", async () => {
    const form = new FormData();
    form.append("intent", "preview");
    expect(
      (await callRoute(importRoute.action, { path: "/admin/bases/import", cookie: cookies.admin, form })).status,
    ).toBe(400);
    expect((await apply(cookies.admin, "f".repeat(32))).status).toBe(410);
    expect((await apply(cookies.admin, "../../etc/passwd")).status).toBe(410);
  });

  it("property: importing any valid file twice, the second run creates and updates nothing", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 9999 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("浙江", "zhejiang", "Zhejiang", "浙江省"),
        fc.constantFrom("机电", "machinery-electrical", "Mechanical and electrical"),
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && !/[",\r\n]/.test(s)),
        async (numbers, province, industry, nameEn) => {
          run += 1;
          const csv = `${HEADER}\n${numbers
            .map((n) => `P${run}-${n},属性测试基地${n},${nameEn},${province},杭州市,Hangzhou,${industry},,`)
            .join("\n")}\n`;
          const parsed = await parseBaseFile(new TextEncoder().encode(csv));
          if (parsed.errors.length) return; // e.g. a name that is only invisible characters
          const first = await applyImport({ id: adminId }, parsed);
          expect(first).toMatchObject({ ok: true, created: numbers.length });
          const second = await applyImport({ id: adminId }, await parseBaseFile(new TextEncoder().encode(csv)));
          expect(second).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: numbers.length });
        },
      ),
      { numRuns: 15 },
    );
  });
});
