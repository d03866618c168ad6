// Issue 12.3: every page's <title> ends with the site name, in both languages.
// Walks every route module with a `meta` export, runs its loader (anonymously,
// then as an admin author when the page needs a member) and checks what its meta
// returns — so a new route with a bare title fails here. Error pages get their
// title from the root's meta (a 404 had none).
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { emptyContent, type CaseContent } from "~/models/case-content.ts";
import { createComment } from "~/models/comment.server.ts";
import * as root from "~/root.tsx";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const SITE = { en: "Base Experience Exchange", "zh-CN": "基地经验交流平台" } as const;
const routesDir = path.resolve(__dirname, "../../app/routes");
const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

const fixture = {
  caseSlug: "",
  baseSlug: "",
  topicSlug: "",
  username: "",
  commentId: "",
  cookie: "",
  otherBaseCookie: "",
};

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  const base = await createTestBase();
  const u = await createTestUser({ role: "admin" as "member" });
  await prisma.user.update({ where: { id: u.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const user = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
  const content: CaseContent = {
    ...emptyContent(),
    title: "标题测试案例",
    summary: "摘要",
    topics: [DEFAULT_TOPICS[0]!.slug],
    stage: "pilot",
    periodStart: 2022,
    baseId: base.id,
    sections: { background: doc("a"), approach: doc("b"), results: doc("c"), replicability: doc("d"), lessons: null },
  };
  // A member of another base (the adoption page is for them, not the case's own base).
  const otherBase = await createTestBase();
  const other = await createTestUser();
  await prisma.user.update({ where: { id: other.id }, data: { baseId: otherBase.id, baseVerifiedAt: new Date() } });
  const d = await createDraft(u.id, crypto.randomUUID(), content);
  const actor = { ...user, baseVerified: true, emailVerified: true };
  const published = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  const comment = await createComment({ caseId: d.id, actor, doc: doc("评论") });
  Object.assign(fixture, {
    caseSlug: published.slug,
    baseSlug: base.slug,
    topicSlug: DEFAULT_TOPICS[0]!.slug,
    username: user.username,
    commentId: (comment as { id: string }).id,
    cookie: await cookieFor(u.id),
    otherBaseCookie: await cookieFor(other.id),
  });
});

function paramsFor(route: string): Record<string, string> {
  const params: Record<string, string> = {};
  if (route.includes("$slug")) {
    params.slug = route.startsWith("bases.")
      ? fixture.baseSlug
      : route.startsWith("topics.")
        ? fixture.topicSlug
        : fixture.caseSlug;
  }
  if (route.includes("$username")) params.username = fixture.username;
  if (route.includes("$id")) params.id = fixture.commentId;
  return params;
}

function pathFor(route: string, params: Record<string, string>): string {
  if (route === "_index") return "/";
  return (
    "/" +
    route
      .replace(/_index$/, "")
      .split(".")
      .map((seg) => seg.replace(/_$/, "").replace(/^\$(\w+)$/, (_, name: string) => params[name] ?? name))
      .filter(Boolean)
      .join("/")
  );
}

const routes = fs
  .readdirSync(routesDir)
  .filter((dir) => fs.existsSync(path.join(routesDir, dir, "route.tsx")))
  .filter((dir) => /export const meta\b/.test(fs.readFileSync(path.join(routesDir, dir, "route.tsx"), "utf8")));

// Pages whose loader needs a one-time token from a mail: their titles come from the
// same pageTitle-style strings whatever the token, checked with an invalid one.
const ANY_STATUS = new Set(["unsubscribe", "reset-password", "verify-email"]);

// Pages whose loaders need fixtures this file does not build (a call, a collection, a
// report target, staff sessions): their titles are checked at the source — the loader
// builds the title with pageTitle(…, appName) — and by their own route tests.
const SOURCE_CHECKED = new Set([
  "admin.bases_.$id",
  "calls.$slug",
  "calls.$slug_.edit",
  "calls.$slug_.review",
  "collections.$slug",
  "collections.$slug_.edit",
  "collections.$slug_.print",
  "moderation.history",
  "report",
]);

describe("every page title ends with the site name", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(25);
  });

  for (const lang of ["zh-CN", "en"] as const) {
    it(`in ${lang}`, async () => {
      const failures: string[] = [];
      for (const route of routes) {
        const mod = (await import(path.join(routesDir, route, "route.tsx"))) as {
          loader?: Parameters<typeof callRoute>[0];
          meta: (args: unknown) => { title?: string }[];
        };
        const params = paramsFor(route);
        const url = `${pathFor(route, params)}?lang=${lang}`;
        let res = mod.loader ? await callRoute(mod.loader, { path: url, params }) : null;
        if (res && res.status !== 200 && !ANY_STATUS.has(route)) {
          res = await callRoute(mod.loader, { path: url, params, cookie: fixture.cookie });
        }
        if (res && res.status !== 200 && !ANY_STATUS.has(route)) {
          res = await callRoute(mod.loader, { path: url, params, cookie: fixture.otherBaseCookie });
        }
        if (res && res.status >= 300 && SOURCE_CHECKED.has(route)) {
          const source = fs.readFileSync(path.join(routesDir, route, "route.tsx"), "utf8");
          if (!/pageTitle\(|appName"\)/.test(source)) failures.push(`${route}: title without the site name`);
          continue;
        }
        if (res && res.status >= 300 && !ANY_STATUS.has(route)) {
          failures.push(`${route}: loader answered ${res.status}`);
          continue;
        }
        const descriptors = mod.meta({
          data: res?.data,
          params,
          location: { pathname: url },
          matches: [{ id: "root", data: { locale: lang } }],
          error: undefined,
        });
        const title = descriptors.find((d) => d && "title" in d)?.title;
        if (!title || !title.endsWith(SITE[lang])) failures.push(`${route}: ${JSON.stringify(title)}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it("a route with its own error boundary shows the root's error title there, not its own empty one", async () => {
    // Remix takes the <title> from the deepest route up to the boundary; that route has no data then.
    const rootMeta = [{ title: `禁止访问 · ${SITE["zh-CN"]}` }, { name: "robots", content: "noindex" }];
    const withBoundary = routes.filter((r) =>
      /export function ErrorBoundary\b/.test(fs.readFileSync(path.join(routesDir, r, "route.tsx"), "utf8")),
    );
    expect(withBoundary.length).toBeGreaterThan(5);
    for (const route of withBoundary) {
      const mod = (await import(path.join(routesDir, route, "route.tsx"))) as { meta: (args: unknown) => unknown };
      const meta = mod.meta({
        data: undefined,
        error: { status: 403, statusText: "Forbidden", internal: false, data: "" },
        matches: [{ id: "root", data: { locale: "zh-CN" }, meta: rootMeta }],
        params: {},
        location: { pathname: "/" },
      });
      expect(meta, route).toEqual(rootMeta);
    }
  });

  it("error pages (404) have a title in the reader's language", () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const meta = (root.meta as unknown as (args: unknown) => { title?: string }[])({
        data: { locale: lang },
        error: { status: 404, statusText: "Not Found", internal: false, data: "Not found" },
        matches: [],
        params: {},
        location: { pathname: "/nope" },
      });
      const title = meta.find((d) => "title" in d)?.title;
      expect(title).toBe(lang === "en" ? `Page not found · ${SITE.en}` : `页面不存在 · ${SITE["zh-CN"]}`);
    }
  });
});
