// A member asks to be affiliated with a base; an administrator approves it. The
// administrator is the demo admin whose one-time password the seed printed when
// the test server was prepared (see tests/e2e/lib/accounts.ts, demoAccount) — the
// same path a new operator follows after `npm start`.
import { expect, test } from "@playwright/test";
import { demoAccount, logIn, newUser, signUpVerified } from "./lib/accounts.ts";
import { waitForMail } from "./lib/mail.ts";

test("a member requests an affiliation and an admin approves it", async ({ page, browser }) => {
  const member = await signUpVerified(page, newUser("affil"));
  const verification = await waitForMail(member.email, { linkPath: "/verify-email" });

  // The member files the request.
  await page.goto("/affiliation");
  // The base picker is a search-first combobox: type, arrow down to the first match, Enter.
  const combobox = page.getByRole("combobox");
  await expect(combobox).toBeVisible();
  await combobox.pressSequentially("基地");
  const firstOption = page.getByRole("option").first();
  await expect(firstOption).toBeVisible();
  const baseName = (await firstOption.locator("span").first().textContent())!.trim();
  await combobox.press("ArrowDown");
  await expect(firstOption).toHaveAttribute("aria-selected", "true");
  await combobox.press("Enter");
  await expect(combobox).toHaveValue(baseName);
  const slug = await page.locator('input[type="hidden"][name="base"]').inputValue();
  expect(slug).not.toBe("");
  await page.locator('textarea[name="message"]').fill("我负责基地公共服务平台的运营。(e2e)");
  await page.locator('main form button[type="submit"]').first().click();
  await expect(page).toHaveURL(/\/affiliation\?done=sent/);
  await expect(page.getByRole("main")).toContainText(baseName.split(/\s/)[0]!);

  // The admin, in a browser of their own, approves it from the queue.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const { email, password } = demoAccount("admin");
  await logIn(admin, email, password);
  await admin.goto("/admin/affiliations");
  const card = admin.locator("li.review-card").filter({ hasText: `@${member.username}` });
  await expect(card).toHaveCount(1);
  await card.locator('button[name="intent"][value="approve"]').click();
  await expect(admin).toHaveURL(/\/admin\/affiliations\?done=approved/);
  await expect(admin.locator("li.review-card").filter({ hasText: `@${member.username}` })).toHaveCount(0);

  // The decision is in the audit log.
  await admin.goto("/admin/audit");
  await expect(admin.getByRole("main")).toContainText(member.username);
  await adminContext.close();

  // The member sees the approval: on the request page, in notifications, by mail.
  await page.goto("/affiliation");
  await expect(page.getByRole("main")).toContainText(baseName.split(/\s/)[0]!);
  await expect(page.locator('form input[name="requestId"]')).toHaveCount(0);
  await page.goto("/notifications");
  await expect(page.getByRole("main")).toContainText(baseName.split(/\s/)[0]!);
  const mail = await waitForMail(member.email, { notFile: verification.file });
  expect(mail.text).toContain(baseName.split(/\s/)[0]!);

  // The base page lists the new member.
  await page.goto(`/bases/${slug}`);
  await expect(page.getByRole("main")).toContainText(member.displayName);
});

test("a member without a verified email cannot file a request", async ({ page }) => {
  const { email, password } = demoAccount("unverified email");
  await logIn(page, email, password);
  await page.goto("/affiliation");
  await expect(page.locator('select[name="base"]')).toHaveCount(0);
});

test("the review queue is closed to members", async ({ page }) => {
  const { email, password } = demoAccount("verified member");
  await logIn(page, email, password);
  const res = await page.goto("/admin/affiliations");
  expect(res?.status()).toBe(403);
});
