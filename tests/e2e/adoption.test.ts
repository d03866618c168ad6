// Adoption and publicizing in a browser (issue 11): a verified member of another
// base records that their base pilots a case's practice (a missing stage first:
// the error comes back in Chinese with the note kept), the case page lists the
// base, and the case's author sees the notification; the case page carries its
// JSON-LD without any CSP violation; the dashboard renders its charts and tables
// for an administrator and exports CSV. axe checks the new pages.
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { demoAccount, logIn, newUser, signUpVerified } from "./lib/accounts.ts";
import { ROOT } from "./lib/app-server.ts";
import { createCaseVia } from "./lib/case-cli.ts";
import { strings } from "./lib/cases.ts";
import { cliEnv, unique } from "./lib/env.ts";
import { expectNoAxeViolations } from "./lib/axe.ts";

const zh = {
  adoption: strings("zh-CN", "adoption"),
  insights: strings("zh-CN", "insights"),
  common: strings("zh-CN", "common"),
};

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? "");
}

/** CSP violations the page reports (securitypolicyviolation events and console errors). */
function watchCsp(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) found.push(m.text());
  });
  return found;
}

test("a member of another base records an adoption and the author sees the notification", async ({ browser }) => {
  test.setTimeout(180_000);
  const id = unique();
  const title = `借鉴测试案例 ${id}`;
  // The demo verified member (Yiwu) is the author.
  const created = createCaseVia(
    {
      author: { username: "demo-verified", email: "verified@demo.example", displayName: "王芳（演示）" },
      baseSlug: "zhejiang-yiwu-small-commodities",
      content: { title, summary: "用于借鉴流程浏览器测试的案例。" },
    },
    cliEnv(),
  );

  // A member of a base in another province signs up and is affiliated.
  const adopterContext = await browser.newContext();
  const page = await adopterContext.newPage();
  const csp = watchCsp(page);
  const adopter = await signUpVerified(page, newUser("adopt"));
  execFileSync(
    process.execPath,
    ["--import", "tsx", "tests/e2e/lib/affiliate.ts", adopter.username, "sichuan-zigong-lanterns"],
    {
      cwd: ROOT,
      env: { ...cliEnv(), LOG_LEVEL: "warn" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );

  await page.goto(`/cases/${created.slug}`);
  // JSON-LD is there, and the page reported no CSP violation.
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
  expect(ld["@type"]).toBe("Article");
  expect(ld.headline).toBe(title);
  const record = page.getByRole("link", { name: zh.adoption.section.record });
  await expect(record).toBeVisible();
  await record.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${created.slug}/adoption$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh.adoption.form.heading);
  await expectNoAxeViolations(page, "the adoption form");

  // No stage: the error comes back and the note stays.
  const note = `在自贡彩灯企业中试用 ${id}`;
  await page.getByLabel(zh.adoption.form.note).fill(note);
  await page.getByRole("button", { name: zh.adoption.form.save }).click();
  await expect(page.getByText(zh.adoption.errors.stageRequired)).toBeVisible();
  await expect(page.getByLabel(zh.adoption.form.note)).toHaveValue(note);

  await page.getByLabel(zh.adoption.stages.piloting).check();
  await page.getByRole("button", { name: zh.adoption.form.save }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${created.slug}#adoptions$`));
  const section = page.locator("#adoptions");
  await expect(section.getByRole("heading", { level: 2 })).toHaveText(
    fill(zh.adoption.section.count_other, { count: "1" }),
  );
  await expect(section.getByText(note)).toBeVisible();
  await expect(section.locator(".adoption-stage-piloting")).toHaveText(zh.adoption.stages.piloting);
  await expect(section.getByRole("link", { name: zh.adoption.section.update })).toBeVisible();
  expect(csp).toEqual([]);
  await adopterContext.close();

  // The author sees the notification (the worker fans it out within a few seconds).
  const authorContext = await browser.newContext();
  const authorPage = await authorContext.newPage();
  const account = demoAccount("verified member");
  await logIn(authorPage, account.email, account.password);
  await expect(async () => {
    await authorPage.goto("/notifications");
    await expect(authorPage.locator(".notification-list").getByText(title, { exact: false }).first()).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000 });
  const item = authorPage.locator(".notification-list li", { hasText: title }).first();
  await expect(item).toContainText("正在试点您的案例");
  await item.getByRole("link").click();
  await expect(authorPage).toHaveURL(new RegExp(`/cases/${created.slug}#adoptions$`));
  // The author's own case: no "record" action for them.
  await expect(authorPage.locator("#adoptions").getByRole("link", { name: zh.adoption.section.record })).toHaveCount(0);
  await authorContext.close();
});

test("the dashboard shows charts and tables to an administrator and exports CSV; feeds are linked", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const csp = watchCsp(page);
  const admin = demoAccount("admin");
  await logIn(page, admin.email, admin.password);
  await page.goto("/insights");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh.insights.title);
  await expect(page.locator(".insights-chart svg").first()).toBeVisible();
  // The demo seed's adoptions and search demand are there.
  await expect(page.locator("#t-adoptions-province tbody tr").first()).toBeVisible();
  await expect(page.locator("#t-search-top tbody")).toContainText("跨境电商");
  await expectNoAxeViolations(page, "/insights");
  const href = await page.locator("#t-search-top a[download]").getAttribute("href");
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect((await csv.text()).startsWith("\uFEFF" + zh.insights.columns.query)).toBe(true);
  // A bad range: the error in Chinese, the typed value kept.
  await page.goto("/insights?from=2026-13-01&to=2026-12-01");
  await expect(page.getByText(zh.insights.errors.dateInvalid)).toBeVisible();
  expect(csp).toEqual([]);

  // Feeds are linked from the case list.
  await page.goto("/cases");
  const feed = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute("href");
  expect(feed).toBe("/atom/cases");
  const res = await page.request.get(feed!);
  expect(res.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  expect(await res.text()).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
});
