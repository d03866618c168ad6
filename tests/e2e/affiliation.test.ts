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
  const slug = await page.locator('form#affiliation-request input[type="hidden"][name="base"]').inputValue();
  expect(slug).toMatch(/^[a-z0-9-]+$/);
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
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("form#affiliation-request")).toHaveCount(0);
});

test("the review queue is closed to members", async ({ page }) => {
  const { email, password } = demoAccount("verified member");
  await logIn(page, email, password);
  const res = await page.goto("/admin/affiliations");
  expect(res?.status()).toBe(403);
});

test("a member attaches evidence to the request; reviewers can open it, other members cannot (12.9)", async ({
  page,
  browser,
}) => {
  const member = await signUpVerified(page, newUser("evidence"));
  await page.goto("/affiliation");
  // The search-first picker (a combobox once the page runs its script).
  const box = page.getByRole("combobox");
  await box.fill("义乌");
  await page.getByRole("option").first().click();
  await page.locator('textarea[name="message"]').fill("我负责基地公共服务平台的运营。(e2e evidence)");
  const file = page.locator('input[type="file"][name="evidence"]');

  // Not a PDF or a photo, whatever the name says: refused, with the reason at the field.
  await file.setInputFiles({ name: "证明信.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>no</html>") });
  await page.locator("form#affiliation-request button[type=submit]").click();
  await expect(page.locator("#affiliation-evidence-error")).toContainText("请上传 PDF 或照片");
  await expect(page).not.toHaveURL(/done=sent/);

  const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  await file.setInputFiles({ name: "证明信.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.locator("form#affiliation-request button[type=submit]").click();
  await expect(page).toHaveURL(/\/affiliation\?done=sent/);
  const link = page.getByRole("link", { name: "证明信.pdf" });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(/^\/affiliation\/evidence\/[A-Za-z0-9_-]+$/);
  const own = await page.request.get(href);
  expect(own.status()).toBe(200);
  expect(own.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(Buffer.from(await own.body())).toEqual(pdf);

  // A moderator finds the link on the request's card and opens it.
  const moderatorContext = await browser.newContext();
  const mp = await moderatorContext.newPage();
  const moderator = demoAccount("moderator");
  await logIn(mp, moderator.email, moderator.password);
  await mp.goto("/admin/affiliations");
  const card = mp.locator("li.review-card").filter({ hasText: `@${member.username}` });
  await expect(card.locator(`a[href="${href}"]`)).toHaveText("证明信.pdf");
  expect((await mp.request.get(href)).status()).toBe(200);
  await moderatorContext.close();

  // Another member gets nothing; a visitor is sent to log in.
  const otherContext = await browser.newContext();
  const op = await otherContext.newPage();
  const other = demoAccount("verified member");
  await logIn(op, other.email, other.password);
  expect((await op.request.get(href)).status()).toBe(404);
  await otherContext.close();
  const visitor = await browser.newContext();
  const anonymous = await visitor.request.get(href, { maxRedirects: 0 });
  expect(anonymous.status()).toBe(302);
  await visitor.close();
});

// On a slow phone the page is there seconds before it is interactive. Without JavaScript the base is
// found with a plain search box and picked from a list; when the script arrives the combobox takes
// their place, and it started empty: what the member had typed or picked was gone.
test("a search typed, or a base picked, before the page is interactive is kept by the combobox", async ({ page }) => {
  test.setTimeout(90_000);
  await signUpVerified(page, newUser("affearly"));
  let release!: () => void;
  let held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/entry\.client-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });

  // The form is never POSTed by the swap (a focused field removed mid-commit: stray-intent-submits.ts).
  const pagePosts: string[] = [];
  page.on("request", (r) => r.method() === "POST" && r.resourceType() === "document" && pagePosts.push(r.url()));
  await page.goto("/affiliation?lang=en", { waitUntil: "domcontentloaded" });
  await page.locator("#base-q").click();
  await page.keyboard.type("基地");
  release();
  const combobox = page.getByRole("combobox");
  await expect(combobox).toBeVisible({ timeout: 30_000 });
  await expect(combobox).toHaveValue("基地");
  await expect(combobox).toBeFocused();
  // The search runs as if typed now, and typing goes on where it stopped.
  await expect(page.getByRole("option").first()).toBeVisible();
  await page.keyboard.type("园");
  await expect(combobox).toHaveValue("基地园");

  // A base picked from the list of a search made without the script.
  held = new Promise<void>((resolve) => (release = resolve));
  await page.goto(`/affiliation?lang=en&q=${encodeURIComponent("基地")}`, { waitUntil: "domcontentloaded" });
  const second = page.locator('form#affiliation-request input[type="radio"][name="base"]').nth(1);
  const slug = await second.getAttribute("value");
  const name = (await second.locator("xpath=..").textContent())!.trim();
  await second.check();
  release();
  await expect(combobox).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('form#affiliation-request input[type="hidden"][name="base"]')).toHaveValue(slug!);
  expect(name.startsWith((await combobox.inputValue()).trim())).toBe(true);
  expect(pagePosts).toEqual([]);
});
