// Accounts end to end: sign up, confirm the address from the mail file, log out and
// in, switch language, change the display name; and a sign-up by keyboard alone.
import { expect, test } from "@playwright/test";
import { logIn, newUser, signUp, verifyEmailFromMail } from "./lib/accounts.ts";
import { waitForMail } from "./lib/mail.ts";

test("sign up, verify the email, log out and in, switch language, rename", async ({ page }) => {
  const user = newUser();

  await signUp(page, user);
  // No session yet (an address that already has an account gets this same page,
  // issue 10.4): a notice that a mail is on its way, without the address.
  await expect(page.locator("details.menu")).toHaveCount(0);
  await expect(page.locator('[role="status"]').first()).toBeVisible();
  await expect(page.locator('[role="status"]').first()).not.toContainText(user.email);

  // The verification mail is in the member's language (zh-CN here) and its link works.
  const mail = await waitForMail(user.email, { linkPath: "/verify-email" });
  expect(mail.subject).toMatch(/[\u4e00-\u9fff]/);
  const link = await verifyEmailFromMail(page, user);
  // The token is single use.
  const again = await page.goto(link);
  expect(again?.status()).not.toBe(500);

  // A wrong password is refused without saying which part was wrong.
  await page.goto("/login");
  await page.locator('input[name="login"]').fill(user.email);
  await page.locator('input[name="password"]').fill(`${user.password}-wrong`);
  await page.locator('main form button[type="submit"]').click();
  await expect(page.locator('[role="alert"], .form-error').first()).toBeVisible();
  await expect(page.locator("details.menu")).toHaveCount(0);

  await logIn(page, user.email, user.password);
  await expect(page.locator("details.menu summary")).toContainText(user.displayName);

  // Switch to English with the header switch: the page and the next pages are English.
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  // A member's switch is a button that saves the choice in their settings.
  await page.locator("header").getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator('header nav a[href="/bases"]')).toHaveText("Bases");
  await page.goto("/settings");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/[A-Za-z]/);

  // Change the display name in /settings.
  const renamed = `Renamed ${user.username}`;
  const profile = page.locator("form#settings-profile");
  await profile.locator('input[name="displayName"]').fill(renamed);
  await profile.locator('button[type="submit"]').click();
  await expect(page.locator("details.menu summary")).toContainText(renamed);
  await page.reload();
  await expect(profile.locator('input[name="displayName"]')).toHaveValue(renamed);
  await expect(page.locator("details.menu summary")).toContainText(renamed);

  // The public profile shows the new name.
  await page.goto(`/u/${user.username}`);
  await expect(page.getByRole("main")).toContainText(renamed);
});

test("sign up with the keyboard alone", async ({ page }) => {
  const user = newUser("kbd");
  await page.goto("/signup");
  await page.waitForFunction(() => "__remixContext" in window);

  // Tab from the top of the page to the first field, then through the form.
  const focusedName = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? "");
  let steps = 0;
  while ((await focusedName()) !== "email") {
    await page.keyboard.press("Tab");
    if (++steps > 40) throw new Error("Tab never reached the email field");
  }
  const values: Array<[string, string]> = [
    ["email", user.email],
    ["username", user.username],
    ["displayName", user.displayName],
    ["password", user.password],
  ];
  for (const [name, value] of values) {
    expect(await focusedName()).toBe(name);
    await page.keyboard.type(value);
    await page.keyboard.press("Tab");
  }
  // The privacy-policy checkbox follows the password: Space ticks it, then Enter from the password field sends.
  expect(await focusedName()).toBe("privacyConsent");
  await page.keyboard.press("Space");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/verify-email\?.*notice=sent/);
  // From there, the keyboard reaches the login link.
  await expect(page.locator('main a[href^="/login"]')).toBeVisible();
});

test("sign-up errors are shown next to the fields and keep what was typed", async ({ page }) => {
  await page.goto("/signup");
  const form = page.locator("form#signup");
  // Conform sets novalidate once the page is hydrated; before that the browser's own
  // check of type=email stops the post (no JavaScript: the browser's message instead).
  await expect(form).toHaveAttribute("novalidate", "");
  await form.locator('input[name="email"]').fill("not-an-email");
  await form.locator('input[name="username"]').fill("ok_name");
  await form.locator('input[name="displayName"]').fill("名字");
  await form.locator('input[name="password"]').fill("short");
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/signup/);
  await expect(form.locator('input[name="email"]')).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator('input[name="password"]')).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator('input[name="username"]')).toHaveValue("ok_name");
});
