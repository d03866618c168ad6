// Bookmarks, sharing and the member's privacy rights in a browser (issue 12
// points 13-16): a new member bookmarks a case (the button's state survives a
// reload and the case is on their profile), sees the permalink and QR code and
// downloads the PNG, downloads their data as a zip, and deletes their account
// (after which they cannot log in). The footer links to the default pages; an
// administrator opens /admin/site. axe checks every new page type.
import fs from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { expect, test } from "@playwright/test";
import { demoAccount, logIn, newUser, signUpVerified } from "./lib/accounts.ts";
import { createCaseVia } from "./lib/case-cli.ts";
import { ROOT } from "./lib/app-server.ts";
import { cliEnv, unique } from "./lib/env.ts";
import { expectNoAxeViolations } from "./lib/axe.ts";

const zhStrings = (ns: string): any =>
  JSON.parse(fs.readFileSync(path.join(ROOT, "app/i18n/locales/zh-CN", `${ns}.json`), "utf8"));
const zh = { profile: zhStrings("profile"), privacy: zhStrings("privacy") };

test("a member bookmarks and shares a case, downloads their data, and deletes their account", async ({ page }) => {
  test.setTimeout(180_000);
  const title = `收藏测试案例 ${unique()}`;
  const created = createCaseVia(
    {
      author: { username: "demo-verified", email: "verified@demo.example", displayName: "王芳（演示）" },
      baseSlug: "zhejiang-yiwu-small-commodities",
      content: { title, summary: "用于收藏与分享浏览器测试的案例。" },
    },
    cliEnv(),
  );
  const user = await signUpVerified(page, newUser("keep"));

  // Bookmark, with JavaScript (fetcher): the state is shown at once and kept.
  await page.goto(`/cases/${created.slug}`);
  await page.waitForFunction(() => "__remixContext" in window);
  const bookmark = page.getByRole("button", { name: zh.profile.bookmarks.button });
  await expect(bookmark).toHaveAttribute("aria-pressed", "false");
  await bookmark.click();
  await expect(bookmark).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByRole("button", { name: zh.profile.bookmarks.button })).toHaveAttribute("aria-pressed", "true");

  // Share: the permalink field, the QR code, the PNG download.
  const permalink = page.getByRole("textbox", { name: zh.profile.share.permalink, exact: true });
  await expect(permalink).toHaveValue(new RegExp(`/cases/${created.slug}$`));
  await expect(page.getByRole("img", { name: zh.profile.share.qrAlt })).toBeVisible();
  const [png] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: zh.profile.share.qrDownload }).click(),
  ]);
  expect(png.suggestedFilename()).toBe(`${created.slug}-qr.png`);
  expect(
    fs
      .readFileSync((await png.path())!)
      .subarray(1, 4)
      .toString(),
  ).toBe("PNG");
  await expectNoAxeViolations(page, "case page with share box");

  // The profile lists the bookmark to its owner.
  await page.goto(`/u/${user.username}`);
  const bookmarks = page.locator("#profile-bookmarks");
  await expect(bookmarks.getByRole("heading", { name: zh.profile.bookmarks.title })).toBeVisible();
  await expect(bookmarks).toContainText(title);
  await expectNoAxeViolations(page, "profile page");

  // Data export from /settings.
  await page.goto("/settings");
  await expectNoAxeViolations(page, "settings with notification settings and data sections");
  const [zip] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: zh.privacy.export.button }).click(),
  ]);
  expect(zip.suggestedFilename()).toMatch(/^bee-data-.+\.zip$/);
  const files = unzipSync(new Uint8Array(fs.readFileSync((await zip.path())!)));
  expect(JSON.parse(strFromU8(files["account.json"]!)).email).toBe(user.email);
  expect(JSON.parse(strFromU8(files["bookmarks.json"]!))[0].case.slug).toBe(created.slug);

  // Account deletion: a wrong password is refused in place, the right one deletes.
  await page.goto("/settings/delete");
  await expectNoAxeViolations(page, "account deletion page");
  const password = page.locator('input[name="password"]');
  await password.fill("not-my-password");
  await page.getByRole("button", { name: zh.privacy.delete.submit }).click();
  await expect(page.getByText(zh.privacy.delete.errors.wrongPassword)).toBeVisible();
  await password.fill(user.password);
  await page.getByRole("button", { name: zh.privacy.delete.submit }).click();
  await expect(page.getByRole("status").filter({ hasText: zh.privacy.delete.done })).toBeVisible();
  await expect(page.locator('header a[href="/login"]')).toBeVisible();

  await page.goto("/login");
  await page.locator('input[name="login"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.goto(`/u/${user.username}`))?.status()).toBe(404);
});

test("the footer leads to the default pages, and an administrator edits the site information", async ({ page }) => {
  await page.goto("/");
  const footer = page.locator("footer");
  for (const [name, path] of [
    [zh.privacy.footer.privacy, "/privacy"],
    [zh.privacy.footer.about, "/about"],
    [zh.privacy.footer.terms, "/terms"],
    [zh.privacy.footer.contact, "/contact"],
  ] as const) {
    await footer.getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.locator("h1")).toBeVisible();
  }
  await page.goto("/privacy");
  await expectNoAxeViolations(page, "privacy policy (zh-CN)");
  await page.goto("/privacy?lang=en");
  await expectNoAxeViolations(page, "privacy policy (en)");

  const admin = demoAccount("admin");
  await logIn(page, admin.email, admin.password);
  await page.goto("/admin/site");
  await expectNoAxeViolations(page, "admin site information");
  const icp = `京ICP备${Date.now() % 100000000}号`;
  await page.getByLabel(zh.privacy.admin.fields.icp).fill(icp);
  await page.getByRole("button", { name: zh.privacy.admin.submit }).click();
  await expect(page.getByRole("status").filter({ hasText: zh.privacy.admin.saved })).toBeVisible();
  await page.goto("/about");
  await expect(page.locator("footer")).toContainText(icp);
});
