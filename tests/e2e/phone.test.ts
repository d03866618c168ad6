// Phones (issue 12.7, 12.12): at 375 px every page fits the width (no sideways
// scroll; wide tables scroll inside their own box), the header collapses into a
// "Menu" disclosure that works by touch, by keyboard and without JavaScript, and
// its tap target is at least 44 px. Also: a router navigation moves focus to the
// new page's h1 and announces its title (issue 12.6).
import { expect, test, type Page } from "@playwright/test";
import { demoAccount, logIn } from "./lib/accounts.ts";

const PHONE = { width: 375, height: 740 };

async function horizontalOverflow(page: Page): Promise<{ scroll: number; client: number; wide: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const client = root.clientWidth;
    // The elements that stick out, for the failure message.
    const wide = Array.from(document.querySelectorAll<HTMLElement>("body *"))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= client + 1) return false;
        // The content of a closed <details> (the phone menu) is not rendered, though it has a box.
        const closed = el.closest("details:not([open])");
        if (closed && !closed.querySelector(":scope > summary")?.contains(el)) return false;
        // Inside a box that scrolls or clips by itself: not the page's overflow.
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return false;
        }
        return true;
      })
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scroll: root.scrollWidth, client, wide };
  });
}

async function expectFits(page: Page, path: string) {
  await test.step(`fits ${page.viewportSize()?.width ?? 0} px: ${path}`, async () => {
    const res = await page.goto(path);
    expect.soft(res?.status(), `${path} loads`).toBeLessThan(400);
    const o = await horizontalOverflow(page);
    expect.soft(o.scroll, `${path} scrolls sideways; too wide: ${o.wide.join(", ")}`).toBeLessThanOrEqual(o.client);
  });
}

async function firstLink(page: Page, listPath: string, pattern: RegExp): Promise<string | null> {
  await page.goto(listPath);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

test.describe("at 375 px", () => {
  test.use({ viewport: PHONE });

  test("public pages fit the width in both languages", async ({ page }) => {
    const base = await firstLink(page, "/bases", /^\/bases\/[a-z0-9-]+$/);
    const study = await firstLink(page, "/cases", /^\/cases\/(?!new$|drafts$)[^/?#]+$/);
    expect(base, "the directory links to a base").toBeTruthy();
    expect(study, "the demo data has a published case").toBeTruthy();
    for (const path of [
      "/",
      "/cases",
      "/bases",
      "/search?q=%E5%93%81%E7%89%8C",
      "/login",
      "/signup",
      "/api/docs",
      "/collections",
      base!,
      study!,
    ]) {
      await expectFits(page, path);
      await expectFits(page, `${path}${path.includes("?") ? "&" : "?"}lang=en`);
    }
  });

  test("signed-in and admin pages fit 375 px; tables scroll inside themselves", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const { email, password } = demoAccount("admin");
    await logIn(page, email, password);
    await page.setViewportSize(PHONE);
    for (const path of [
      "/settings",
      "/notifications",
      "/cases/new",
      "/admin/audit",
      "/admin/affiliations",
      "/admin/topics",
      "/admin/users",
      "/admin/bases",
      "/moderation",
      "/insights",
    ])
      await expectFits(page, path);
    // The narrowest phones too: a table's hidden header label once widened the registry to 372 px.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/admin/users", "/admin/bases", "/cases", "/bases"]) await expectFits(page, path);
  });

  test("the header menu opens by touch and keyboard and closes on Escape", async ({ page }) => {
    await page.goto("/");
    const toggle = page.locator("summary.site-menu-toggle");
    const casesLink = page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "案例" });
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveText(/菜单/);
    const box = await toggle.boundingBox();
    expect(box!.height, "tap target height").toBeGreaterThanOrEqual(44);
    expect(box!.width, "tap target width").toBeGreaterThanOrEqual(44);
    // Collapsed: the navigation is out of sight (and out of the accessibility tree); one search box shows.
    await expect(casesLink).toBeHidden();
    await expect(page.getByRole("search").getByRole("searchbox")).toBeVisible();

    await toggle.click();
    await expect(casesLink).toBeVisible();
    await expect(page.getByRole("link", { name: "English" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(casesLink).toBeHidden();
    await expect(toggle).toBeFocused();

    // Keyboard: Enter on the summary opens it; Tab reaches the links.
    await page.keyboard.press("Enter");
    await expect(casesLink).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(casesLink).toBeFocused();
    // Following a link closes the menu on the new page.
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/cases$/);
    await expect(casesLink).toBeHidden();
  });

  test("search filters sit in a toggle before the results", async ({ page }) => {
    await page.goto("/search?q=%E5%93%81%E7%89%8C");
    const toggle = page.locator(".facets-toggle > summary");
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveText(/筛选/);
    const sort = page.locator("#search-sort");
    await expect(sort).toBeHidden();
    const firstHit = page.locator(".hits > li").first();
    await expect(firstHit).toBeVisible();
    const [t, h] = [await toggle.boundingBox(), await firstHit.boundingBox()];
    expect(t!.y + t!.height, "the toggle comes before the first result").toBeLessThanOrEqual(h!.y);
    expect(t!.height).toBeGreaterThanOrEqual(44);
    await toggle.click();
    await expect(sort).toBeVisible();
  });

  test("the follow button does not cover the base's other-language name", async ({ page }) => {
    const base = await firstLink(page, "/bases", /^\/bases\/[a-z0-9-]+$/);
    for (const q of ["", "?lang=en"]) {
      await page.goto(`${base}${q}`);
      const other = await page.locator(".base-other-name").boundingBox();
      const follow = await page.locator(".title-row > :last-child").boundingBox();
      expect(other && follow, "both are shown").toBeTruthy();
      const overlap =
        other!.x < follow!.x + follow!.width &&
        follow!.x < other!.x + other!.width &&
        other!.y < follow!.y + follow!.height &&
        follow!.y < other!.y + other!.height;
      expect(overlap, `overlap on ${base}${q}`).toBe(false);
    }
  });

  test("the header menu works without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto("/");
    const basesLink = page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "基地" });
    await expect(basesLink).toBeHidden();
    await page.locator("summary.site-menu-toggle").click();
    await expect(basesLink).toBeVisible();
    await basesLink.click();
    await expect(page).toHaveURL(/\/bases$/);
    await context.close();
  });
});

test("on wide screens the menu's content and the filters stand open, no toggles", async ({ page }) => {
  await page.goto("/search?q=%E5%93%81%E7%89%8C");
  await expect(page.locator(".facets-toggle > summary")).toBeHidden();
  await expect(page.locator("#search-sort")).toBeVisible();
  await expect(page.locator("summary.site-menu-toggle")).toBeHidden();
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "案例" })).toBeVisible();
  await expect(page.getByRole("link", { name: "English" })).toBeVisible();
});

test("a router navigation moves focus to the new page's h1 and announces its title", async ({ page }) => {
  await page.goto("/");
  // The page's script has taken over the links (client-side navigation from here).
  await page.waitForFunction(() => {
    const link = document.querySelector('header a[href="/bases"]');
    return !!link && Object.keys(link).some((k) => k.startsWith("__reactFiber"));
  });
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "基地" }).click();
  await expect(page).toHaveURL(/\/bases$/);
  const h1 = page.locator("main h1");
  await expect(h1).toBeFocused();
  const title = await page.title();
  await expect(page.getByTestId("route-announcer")).toHaveText(`已打开页面：${title}`);
});
