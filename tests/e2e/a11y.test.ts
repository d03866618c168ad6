// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) on the main
// pages, signed out and signed in, in both languages. axe finds only part of the
// problems (no substitute for trying a page with a keyboard and a screen reader),
// but what it finds is real. Each page is a step; all pages are checked before
// the test fails.
import { expect, test, type Page } from "@playwright/test";
import { demoAccount, logIn } from "./lib/accounts.ts";
import { expectNoAxeViolations } from "./lib/axe.ts";

async function check(page: Page, path: string, status?: number) {
  await test.step(`axe ${path}`, async () => {
    const res = await page.goto(path);
    if (status) expect.soft(res?.status(), `${path} answers ${status}`).toBe(status);
    else expect.soft(res?.status(), `${path} loads`).toBeLessThan(400);
    await analyze(page, path);
  });
}

/**
 * Both languages of a page, each asked for with ?lang= (a member's saved language
 * would otherwise reload a shared page to switch back, mid-check).
 */
async function checkBoth(page: Page, path: string, status?: number) {
  const join = path.includes("?") ? "&" : "?";
  await check(page, `${path}${join}lang=zh-CN`, status);
  await check(page, `${path}${join}lang=en`, status);
}

async function analyze(page: Page, path: string) {
  await expectNoAxeViolations(page, path);
}

async function firstLink(page: Page, listPath: string, pattern: RegExp, last = false): Promise<string | null> {
  await page.goto(listPath);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.filter((h) => pattern.test(h));
  return (last ? found.at(-1) : found[0]) ?? null;
}

// Issue 12.8: every page type, in both languages, signed out and signed in, and error states.
test("public pages pass axe in both languages", async ({ page }) => {
  test.setTimeout(180_000);
  for (const path of [
    "/",
    "/bases",
    "/cases",
    "/search?q=%E5%93%81%E7%89%8C",
    "/search?q=zzzzqqqxxyy",
    "/collections",
    "/calls",
    "/login",
    "/signup",
    "/forgot-password",
    "/about",
    "/privacy",
    "/terms",
    "/contact",
    "/api/docs",
  ])
    await checkBoth(page, path);
  const base = await firstLink(page, "/bases", /^\/bases\/[a-z0-9-]+$/);
  expect(base, "the directory links to a base").toBeTruthy();
  await checkBoth(page, base!);
  const study = await firstLink(page, "/cases", /^\/cases\/(?!new$|drafts$)[^/?#]+$/);
  expect(study, "the demo data has a published case").toBeTruthy();
  await checkBoth(page, study!);
  await checkBoth(page, `${study}/history`);
  const topic = await firstLink(page, study!, /^\/topics\/[^/?#]+$/);
  expect(topic, "a case links to its topic").toBeTruthy();
  await checkBoth(page, topic!);
  const profile = await firstLink(page, study!, /^\/u\/[^/?#]+$/);
  expect(profile, "a case links to its author").toBeTruthy();
  await checkBoth(page, profile!);
  const collection = await firstLink(page, "/collections", /^\/collections\/(?!new$)[^/?#]+$/);
  if (collection) await checkBoth(page, collection);
  // Error states: a missing page, a form sent back with errors.
  await checkBoth(page, "/no-such-page", 404);
  await checkBoth(page, "/cases/no-such-case-slug", 404);
  for (const lang of ["", "?lang=en"]) {
    await page.goto(`/login${lang}`);
    await page.locator('input[name="login"]').fill("nobody@example.com");
    await page.locator('input[name="password"]').fill("wrong password 123");
    await page.locator('main form button[type="submit"]').click();
    await expect(page.locator('[role="alert"]').first()).toBeVisible();
    await test.step(`axe /login${lang} with an error`, () => analyze(page, `/login${lang} (error)`));
  }
});

test("the phone header menu, open, passes axe", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  for (const lang of ["", "?lang=en"]) {
    await page.goto(`/${lang}`);
    await page.locator("summary.site-menu-toggle").click();
    await test.step(`axe /${lang} with the menu open`, () => analyze(page, `/${lang} (menu open)`));
  }
});

test("member and admin pages pass axe", async ({ page }) => {
  const { email, password } = demoAccount("admin");
  await logIn(page, email, password);
  test.setTimeout(180_000);
  for (const path of [
    "/",
    "/settings",
    "/affiliation",
    "/notifications",
    "/feed",
    "/cases/new",
    "/cases/drafts",
    "/moderation",
    "/moderation/approvals",
    "/insights",
    "/admin/affiliations",
    "/admin/users",
    "/admin/audit",
    "/admin/bases",
    "/admin/bases/new",
    "/admin/bases/import",
    "/admin/topics",
    "/admin/site",
  ]) {
    await checkBoth(page, path);
  }
  // The oldest on the first page: a demo case, not one that tests running alongside are editing.
  const study = await firstLink(page, "/cases?lang=zh-CN", /^\/cases\/(?!new$|drafts$)[^/?#]+$/, true);
  // A case page signed in (the discussion form, moderation controls) and its edit page.
  await checkBoth(page, study!);
  await checkBoth(page, `${study}/edit`);
});
