// The page shell every route shares: language, landmarks, no outside requests,
// small screens, keyboard focus, and a console free of errors (CSP violations and
// hydration failures show up there).
import { expect, test, type Page } from "@playwright/test";
import { createCaseVia } from "./lib/case-cli.ts";
import { strings } from "./lib/cases.ts";
import { cliEnv, unique } from "./lib/env.ts";

/** Records every request and every console error of a page. */
function watch(page: Page) {
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return { requests, errors };
}

test("home renders in Chinese by default", async ({ browser }) => {
  // A browser asking for neither language gets the default, zh-CN.
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.locator(".brand")).toHaveText(/[\u4e00-\u9fff]/);
  await context.close();
});

test("an English browser gets English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator(".brand")).toHaveText("Base Experience Exchange");
  await context.close();
});

test("?lang=en switches the language and the choice persists", async ({ page, context }) => {
  await page.goto("/?lang=en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator(".brand")).toHaveText("Base Experience Exchange");
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "lang")?.value).toBe("en");

  // Without the parameter the cookie keeps English, on this and other pages.
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/bases");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // The switch in the header goes back to Chinese.
  await page.getByRole("link", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("header, navigation and landmarks are present", async ({ page }) => {
  const { errors } = watch(page);
  await page.goto("/");
  await expect(page.getByRole("banner")).toBeVisible();
  await expect(page.getByRole("main")).toBeVisible();
  await expect(page.getByRole("contentinfo")).toBeVisible();
  await expect(page.getByRole("search")).toBeVisible();
  const mainNav = page.getByRole("navigation").filter({ has: page.locator('a[href="/bases"]') });
  await expect(mainNav).toBeVisible();
  await expect(mainNav.getByRole("link")).toHaveCount(3);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  // The skip link leads to the main landmark.
  await expect(page.locator('a[href="#main"]')).toHaveCount(1);
  await expect(page.locator("main#main")).toHaveCount(1);
  await expect(page).toHaveTitle(/.+/);
  expect(errors).toEqual([]);
});

test("pages load nothing from other hosts and log no errors", async ({ page }) => {
  const { requests, errors } = watch(page);
  for (const path of ["/", "/?lang=en", "/bases", "/cases", "/search?q=%E5%93%81%E7%89%8C", "/login", "/signup"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // A case page with its metrics chart (server-drawn SVG: its fonts once broke the CSP). The test makes
  // its own case: other tests' new cases push the demo ones off the first page of /cases.
  const { slug } = createCaseVia(
    {
      author: { username: "demo-verified", email: "verified@demo.example", displayName: "王芳（演示）" },
      content: {
        title: `带图表的案例 ${unique()}`,
        summary: "外壳测试用：指标图表不得违反内容安全策略。",
        metrics: [{ label: "出口额", unit: "万美元", before: "1200", after: "1850", source: "" }],
      },
    },
    cliEnv(),
  );
  await page.goto(`/cases/${slug}`);
  await page.waitForLoadState("networkidle");
  await expect(page.locator("figure.metrics-chart svg")).toHaveCount(1);
  expect(requests.length).toBeGreaterThan(5);
  const outside = requests.filter((u) => {
    if (u.startsWith("data:") || u.startsWith("blob:")) return false;
    const host = new URL(u).hostname;
    return host !== "127.0.0.1" && host !== "localhost";
  });
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});

test("a case page's sections, chart, QR code and JSON-LD, left out of its data, survive hydration and client navigations (ADR 065)", async ({
  page,
}) => {
  const { errors } = watch(page);
  const { slug } = createCaseVia(
    {
      author: { username: "demo-verified", email: "verified@demo.example", displayName: "王芳（演示）" },
      content: {
        title: `标记一次的案例 ${unique()}`,
        summary: "外壳测试用：图表、二维码和正文只在标记里出现一次。",
        metrics: [{ label: "出口额", unit: "万美元", before: "1200", after: "1850", source: "" }],
        sections: {
          background: {
            type: "doc",
            content: [{ type: "paragraph", content: [{ type: "text", text: "正文只在页面标记里出现一次。" }] }],
          },
          approach: null,
          results: null,
          replicability: null,
          lessons: null,
        },
      },
    },
    cliEnv(),
  );
  const parts = () =>
    page.evaluate(() => ({
      chart: document.querySelectorAll("#case-chart svg").length,
      qr: document.querySelectorAll("#share-qr-svg svg").length,
      text: document.querySelector("#section-background-text")?.textContent ?? "",
      jsonLd: (JSON.parse(document.querySelector("#case-json-ld")?.textContent || "{}") as { "@type"?: string })[
        "@type"
      ],
    }));
  const whole = { chart: 1, qr: 1, text: "正文只在页面标记里出现一次。", jsonLd: "Article" };
  await page.goto(`/cases/${slug}`);
  await page.waitForFunction(() => "__remixContext" in window);
  await page.waitForLoadState("networkidle");
  // The document's data does not hold them; the hydrated page still shows them.
  const dataHasSvg = () =>
    page.evaluate(() =>
      JSON.stringify(
        (window as unknown as { __remixRouter: { state: { loaderData: Record<string, unknown> } } }).__remixRouter.state
          .loaderData["routes/cases.$slug"],
      ).includes("<svg"),
    );
  expect(await dataHasSvg()).toBe(false);
  expect(await parts()).toEqual(whole);
  // Away and back by client navigation: that data carries them.
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  const tag = page.locator('main a.tag[href^="/topics/"]').first();
  await tag.click();
  await expect(page).toHaveURL(/\/topics\//);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/cases/${slug}$`));
  await expect(page.locator("#case-chart svg")).toHaveCount(1);
  expect(await parts()).toEqual(whole);
  expect(await dataHasSvg()).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  expect(errors).toEqual([]);
});

test("the search page's highlights, left out of its data, survive hydration and a client navigation (ADR 065)", async ({
  page,
}) => {
  const { errors } = watch(page);
  const routeData = () =>
    page.evaluate(() =>
      JSON.stringify(
        (window as unknown as { __remixRouter: { state: { loaderData: Record<string, unknown> } } }).__remixRouter.state
          .loaderData["routes/search"],
      ),
    );
  await page.goto("/search?q=%E6%B5%B7%E5%A4%96%E4%BB%93");
  await page.waitForFunction(() => "__remixContext" in window);
  await page.waitForLoadState("networkidle");
  const hits = page.locator("ol.hits > li");
  const count = await hits.count();
  expect(count).toBeGreaterThan(1);
  await expect(hits.first().locator("mark").first()).toBeVisible();
  expect(await routeData()).not.toContain("<mark>");
  // Results as one types are client navigations: their data carries the highlights.
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  const q = page.locator("#search-q");
  await q.fill("品牌");
  await expect(page).toHaveURL(/q=%E5%93%81%E7%89%8C/);
  await expect(hits.first().locator("mark").first()).toBeVisible();
  await q.fill("海外仓");
  await expect(page).toHaveURL(/q=%E6%B5%B7%E5%A4%96%E4%BB%93/);
  await expect(hits.first().locator("mark").first()).toBeVisible();
  expect(await hits.count()).toBe(count);
  expect(await routeData()).toContain("<mark>");
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  expect(errors).toEqual([]);
});

test("the search page's facet checkboxes, markup rather than React elements, filter the results in the page (issue 15.1)", async ({
  page,
}) => {
  const { errors } = watch(page);
  await page.goto("/search?q=%E6%B5%B7%E5%A4%96%E4%BB%93");
  await page.waitForFunction(() => "__remixContext" in window);
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  const box = page.locator(".facet input[type=checkbox]").first();
  const [name, value] = [await box.getAttribute("name"), await box.getAttribute("value")];
  const chosen = page.locator(`.facet input[name="${name}"][value="${value}"]`);
  await box.check();
  await expect(page).toHaveURL(new RegExp(`[?&]${name}=${encodeURIComponent(value!)}(&|$)`));
  await expect(page.locator("ul.chips a").first()).toBeVisible();
  await expect(chosen).toBeChecked();
  // The new results' checkboxes answer too.
  await chosen.uncheck();
  await expect(page).not.toHaveURL(new RegExp(`[?&]${name}=`));
  await expect(page.locator("ul.chips")).toHaveCount(0);
  await expect(page.locator("ol.hits > li").first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  expect(errors).toEqual([]);
});

test("the listing pages' cards, left out of their data, survive hydration and client navigations (ADR 072)", async ({
  page,
}) => {
  const { errors } = watch(page);
  /** The route's loader data as the router holds it (a missing route fails the test, not the assertions). */
  const routeData = async (id: string): Promise<Record<string, unknown>> => {
    const data = await page.evaluate(
      (id) =>
        (window as unknown as { __remixRouter: { state: { loaderData: Record<string, Record<string, unknown>> } } })
          .__remixRouter.state.loaderData[id],
      id,
    );
    expect(data, id).toBeDefined();
    return data!;
  };
  const shown = () =>
    page.evaluate(() =>
      [...document.querySelectorAll("main [id] > article.case-card h2 a, main [id] > article.case-card h3 a")].map(
        (a) => `${a.parentElement!.parentElement!.parentElement!.id} ${a.getAttribute("href")}`,
      ),
    );
  for (const [url, id, lists] of [
    ["/", "routes/_index", ["latest-cases", "featured-bases"]],
    ["/cases", "routes/cases._index", ["case-list"]],
  ] as const) {
    await page.goto(url);
    await page.waitForFunction(() => "__remixContext" in window);
    await page.waitForLoadState("networkidle");
    const cards = await shown();
    for (const list of lists) await expect(page.locator(`#${list} > article`).first()).toBeVisible();
    expect(cards.length).toBeGreaterThan(0);
    // The document's data does not hold the cards; the hydrated page still shows them.
    const data = await routeData(id);
    expect(Object.keys(data)).not.toContain("cases");
    if (url === "/") {
      expect(Object.keys(data)).not.toContain("bases");
      const collections = (data.curation as { collections: object[] }).collections;
      expect(collections.length).toBeGreaterThan(0);
      for (const c of collections) expect(Object.keys(c)).not.toContain("cases");
    }
    // Away and back by client navigation: that data carries them, and the page shows the same cards.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    const tag = page.locator('main a.tag[href^="/topics/"]').first();
    const topic = await tag.getAttribute("href");
    await tag.click();
    await expect(page).toHaveURL(new RegExp(`${topic}$`));
    await expect(page.locator("#topic-cases > article").first()).toBeVisible();
    expect(Object.keys(await routeData("routes/topics.$slug"))).toContain("cases");
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`${url}$`));
    await expect(page.locator(`#${lists[0]} > article`).first()).toBeVisible();
    expect(await shown()).toEqual(cards);
    expect(Object.keys(await routeData(id))).toContain("cases");
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  }
  // A topic page loaded as a document, then a client navigation to a case and back.
  await page.goto("/cases");
  const topic = await page.locator('main a.tag[href^="/topics/"]').first().getAttribute("href");
  await page.goto(topic!);
  await page.waitForFunction(() => "__remixContext" in window);
  await page.waitForLoadState("networkidle");
  const topicCards = await shown();
  expect(topicCards.length).toBeGreaterThan(0);
  expect(Object.keys(await routeData("routes/topics.$slug"))).not.toContain("cases");
  await page.locator("#topic-cases article h2 a").first().click();
  await expect(page).toHaveURL(/\/cases\/[a-z0-9-]+$/);
  await page.goBack();
  await expect(page.locator("#topic-cases > article").first()).toBeVisible();
  expect(await shown()).toEqual(topicCards);
  expect(errors).toEqual([]);
});

test("the home page is hydrated (client-side navigation works)", async ({ page }) => {
  await page.goto("/");
  // A marker on window survives a client-side navigation but not a full page load.
  await page.waitForFunction(() => "__remixContext" in window);
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  await page.locator('header nav a[href="/bases"]').click();
  await expect(page).toHaveURL(/\/bases$/);
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
});

test("card and tag links navigate in the page, and Back returns (AppLink, ADR 056)", async ({ page }) => {
  await page.goto("/");
  await page.waitForFunction(() => "__remixContext" in window);
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  const title = page.locator(".case-card h3 a").first();
  const href = await title.getAttribute("href");
  await title.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator("h1")).toBeVisible();
  const tag = page.locator('a.tag[href^="/topics/"]').first();
  const topic = await tag.getAttribute("href");
  await tag.click();
  await expect(page).toHaveURL(new RegExp(`${topic}$`));
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
});

test("360 px wide screens have no horizontal scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/bases", "/cases", "/search?q=%E5%93%81%E7%89%8C", "/login", "/signup"]) {
    await page.goto(path);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth, `${path} is ${scrollWidth}px wide in a ${clientWidth}px window`).toBeLessThanOrEqual(
      clientWidth,
    );
  }
});

test("keyboard focus is visible on links", async ({ page }) => {
  await page.goto("/");
  // First Tab: the skip link, which becomes visible when focused.
  await page.keyboard.press("Tab");
  const skip = page.locator('a[href="#main"]');
  await expect(skip).toBeFocused();
  const box = await skip.boundingBox();
  expect(box && box.x >= 0 && box.y >= 0 && box.width > 0).toBeTruthy();

  // Every following link shows a focus ring (an outline or a box shadow).
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const s = getComputedStyle(el);
      return {
        tag: el.tagName,
        text: el.textContent?.trim().slice(0, 40),
        outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
        shadow: s.boxShadow !== "none",
      };
    });
    expect(focus, "something has focus").not.toBeNull();
    if (focus!.tag === "A") expect(focus!.outline || focus!.shadow, `focus ring on link "${focus!.text}"`).toBe(true);
  }
});

test("a missing page answers 404 inside the shell, titled as one, also where the route has its own error boundary", async ({
  page,
}) => {
  const errors = strings("zh-CN", "errors");
  const common = strings("zh-CN", "common");
  // The root's boundary, then boundaries of routes (their meta had no data: an empty <title>, stop 24's CI).
  for (const path of ["/no-such-page-here", "/calls/no-such-call", "/collections/no-such-collection"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("banner")).toBeVisible();
    await expect(page.getByRole("main")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(errors.notFound.title);
    await expect(page, path).toHaveTitle(`${errors.notFound.title} · ${common.appName}`);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex");
  }
});
