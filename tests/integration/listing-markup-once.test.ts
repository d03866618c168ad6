// The listing pages' card lists travel once in a document (ADR 072): the home page, /cases, a
// topic and a base page leave their case cards (and the home page its base cards) out of a
// document's serialized data, render them once in a named element, and give a client
// navigation's data request all of them.
import { createElement as h, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createRemixStub } from "@remix-run/testing";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import * as home from "~/routes/_index/route.tsx";
import * as caseList from "~/routes/cases._index/route.tsx";
import * as topicPage from "~/routes/topics.$slug/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { esc } from "~/utils/format.ts";
import { prisma } from "~/utils/db.server.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { callRoute } from "../helpers/route.ts";

type Card = { slug: string; summary: string };
type Page = {
  name: string;
  route: { default: ComponentType; loader: Parameters<typeof callRoute>[0] };
  path: () => string;
  routePath: string;
  params: () => Record<string, string>;
  /** Each list the page renders: its element's id and its cards in the data. */
  lists: (data: any) => Array<{ id: string; cards: Card[] }>;
  /** The data's keys left to the markup, with the holder that has them. */
  hidden: (data: any) => Array<[object, string]>;
};

let topicSlug = "";
let baseSlug = "";

beforeAll(async () => {
  expect(await seedIfEmpty({ quiet: true })).toBe(true);
  // A topic and a base that have published cases in the demo data.
  const c = await prisma.caseStudy.findFirstOrThrow({
    where: { status: "published", deletedAt: null, baseId: { not: null }, topics: { some: {} } },
    select: { base: { select: { slug: true } }, topics: { select: { topic: { select: { slug: true } } } } },
  });
  baseSlug = c.base!.slug;
  topicSlug = c.topics[0]!.topic.slug;
}, 180_000);

const pages: Page[] = [
  {
    name: "home",
    route: home,
    path: () => "/",
    routePath: "/",
    params: () => ({}),
    lists: (d) => [
      { id: "latest-cases", cards: d.cases },
      ...d.curation.collections.map((c: { slug: string; cases: Card[] }) => ({
        id: `collection-${c.slug}-cases`,
        cards: c.cases,
      })),
    ],
    hidden: (d) => [
      [d, "cases"],
      [d, "bases"],
      ...d.curation.collections.map((c: object) => [c, "cases"] as [object, string]),
    ],
  },
  {
    name: "/cases",
    route: caseList,
    path: () => "/cases",
    routePath: "/cases",
    params: () => ({}),
    lists: (d) => [{ id: "case-list", cards: d.cases }],
    hidden: (d) => [[d, "cases"]],
  },
  {
    name: "a topic",
    route: topicPage,
    path: () => `/topics/${topicSlug}`,
    routePath: "/topics/:slug",
    params: () => ({ slug: topicSlug }),
    lists: (d) => [{ id: "topic-cases", cards: d.cases }],
    hidden: (d) => [[d, "cases"]],
  },
  {
    name: "a base",
    route: basePage,
    path: () => `/bases/${baseSlug}`,
    routePath: "/bases/:slug",
    params: () => ({ slug: baseSlug }),
    lists: (d) => [{ id: "base-case-list", cards: d.cases }],
    hidden: (d) => [[d, "cases"]],
  },
];

describe.each(pages)("$name", (page) => {
  it("leaves its cards out of a document's data, renders each list once in its element, and sends them in a navigation's data", async () => {
    const load = (document: boolean) =>
      callRoute(page.route.loader, { path: page.path(), params: page.params(), document });
    const doc = await load(true);
    const nav = await load(false);
    expect(doc.status).toBe(200);
    const lists = page.lists(doc.data);
    const cards = lists.flatMap((l) => l.cards);
    expect(cards.length).toBeGreaterThan(0);
    // turbo-stream, like JSON, writes enumerable keys only.
    const serialized = JSON.stringify(doc.data);
    for (const [holder, key] of page.hidden(doc.data)) expect(Object.keys(holder)).not.toContain(key);
    // (A summary: a case's slug and title may be in the data elsewhere, e.g. a base's adoptions.)
    for (const c of cards) expect(serialized).not.toContain(JSON.stringify(c.summary));
    // A client navigation's data is all the browser gets: it carries them.
    const navSerialized = JSON.stringify(nav.data);
    for (const c of page.lists(nav.data).flatMap((l) => l.cards))
      expect(navSerialized).toContain(JSON.stringify(c.summary));
    for (const [holder, key] of page.hidden(nav.data)) expect(Object.keys(holder)).toContain(key);

    const Stub = createRemixStub([
      { id: "page", path: page.routePath, Component: page.route.default, loader: () => doc.data },
    ]);
    const html = renderToString(
      h(
        I18nextProvider,
        { i18n: i18nFor("zh-CN") },
        h(Stub, { initialEntries: [page.path()], hydrationData: { loaderData: { page: doc.data } } }),
      ),
    );
    for (const list of lists) {
      const start = html.indexOf(`<div id="${list.id}" class=`);
      expect(start, list.id).toBeGreaterThanOrEqual(0);
      const element = html.slice(start, html.indexOf("</div>", start));
      expect(element.split('class="card case-card"').length - 1).toBe(list.cards.length);
      for (const c of list.cards) {
        expect(element).toContain(`href="/cases/${c.slug}"`);
        // Once per list that shows it (the home page's latest cases and a collection may share one).
        const shown = lists.filter((l) => l.cards.some((x) => x.slug === c.slug)).length;
        expect(html.split(esc(c.summary)).length - 1).toBe(shown);
      }
    }
    if (page.route === home) {
      const bases = doc.data.bases as Array<{ slug: string }>;
      expect(bases.length).toBeGreaterThan(0);
      for (const b of bases) expect(serialized).not.toContain(`"${b.slug}"`);
      expect(html).toContain(`<div id="featured-bases" class="grid">`);
      for (const b of bases) expect(html).toContain(`href="/bases/${b.slug}"`);
    }
  });
});
