// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) on the main
// pages, signed out and signed in, in both languages. axe finds only part of the
// problems (no substitute for trying a page with a keyboard and a screen reader),
// but what it finds is real. Each page is a step; all pages are checked before
// the test fails.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demoAccount, logIn } from "./lib/accounts.ts";

async function check(page: Page, path: string) {
  await test.step(`axe ${path}`, async () => {
    const res = await page.goto(path);
    expect.soft(res?.status(), `${path} loads`).toBeLessThan(400);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const found = results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
    expect.soft(found, `axe violations on ${path}`).toEqual([]);
  });
}

async function firstLink(page: Page, listPath: string, pattern: RegExp): Promise<string | null> {
  await page.goto(listPath);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

test("public pages pass axe", async ({ page }) => {
  for (const path of [
    "/",
    "/?lang=en",
    "/bases",
    "/cases",
    "/search?q=%E5%93%81%E7%89%8C",
    "/login",
    "/signup",
    "/forgot-password",
  ])
    await check(page, path);
  const base = await firstLink(page, "/bases", /^\/bases\/[a-z0-9-]+$/);
  expect(base, "the directory links to a base").toBeTruthy();
  await check(page, base!);
  await check(page, `${base}?lang=en`);
  // A published case study, when the demo data has one.
  const study = await firstLink(page, "/cases", /^\/cases\/(?!new$|drafts$)[^/?#]+$/);
  if (study) await check(page, study);
});

test("member and admin pages pass axe", async ({ page }) => {
  const { email, password } = demoAccount("admin");
  await logIn(page, email, password);
  for (const path of [
    "/settings",
    "/affiliation",
    "/notifications",
    "/admin/affiliations",
    "/admin/users",
    "/admin/audit",
    "/admin/bases",
    "/admin/bases/new",
    "/admin/bases/import",
  ]) {
    await check(page, path);
  }
});
