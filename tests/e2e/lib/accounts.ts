// Account steps the flow tests share. Fields are found by their form names, which
// stay the same in both languages; the tests assert on text only where the
// language is the point.
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { dataDir, unique } from "./env.ts";
import { linkIn, waitForMail } from "./mail.ts";

export interface TestUser {
  email: string;
  username: string;
  displayName: string;
  password: string;
}

export function newUser(prefix = "member"): TestUser {
  const id = unique();
  return {
    email: `${prefix}-${id}@example.test`,
    username: `${prefix}_${id}`.slice(0, 30),
    displayName: `测试用户 ${id}`,
    // Long and random enough for the common-password check.
    password: `Pw-${id}-horse-battery`,
  };
}

export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto("/signup");
  const form = page.locator("form#signup");
  await form.locator('input[name="email"]').fill(user.email);
  await form.locator('input[name="username"]').fill(user.username);
  await form.locator('input[name="displayName"]').fill(user.displayName);
  await form.locator('input[name="password"]').fill(user.password);
  await form.locator('input[name="privacyConsent"]').check();
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/verify-email\?.*notice=sent/);
}

/** Opens the link of the newest verification mail to the user, as the user would. */
export async function verifyEmailFromMail(page: Page, user: TestUser): Promise<string> {
  const mail = await waitForMail(user.email, { linkPath: "/verify-email" });
  const link = linkIn(mail, "/verify-email");
  expect(new URL(link).searchParams.get("token"), "the link carries a token").toBeTruthy();
  const res = await page.goto(link);
  expect(res?.status()).toBe(200);
  await expect(page.locator('[role="status"]').first()).toBeVisible();
  return link;
}

/** Signs up, opens the verification link, then logs in (sign-up itself starts no session: issue 10.4). */
export async function signUpVerified(page: Page, user: TestUser = newUser()): Promise<TestUser> {
  await signUp(page, user);
  await verifyEmailFromMail(page, user);
  await logIn(page, user.email, user.password);
  return user;
}

export async function logIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.locator("details.menu")).toBeVisible();
}

/** Logs out through the account menu in the header. */
export async function logOut(page: Page): Promise<void> {
  await page.locator("details.menu > summary").click();
  await page.locator('header form[action="/logout"] button').click();
  await expect(page.locator("details.menu")).toHaveCount(0);
  await expect(page.locator('header a[href="/login"]')).toBeVisible();
}

/**
 * A demo account from the box the seed printed when the test server was prepared
 * (tests/e2e/lib/web-server.ts keeps that output in DATA_DIR/prepare.log).
 */
export function demoAccount(
  label: "admin" | "moderator" | "verified member" | "pending affiliation" | "unverified email",
) {
  const log = fs.readFileSync(path.join(dataDir(), "prepare.log"), "utf8");
  for (const line of log.split("\n")) {
    const cells = line.replace(/[│┌┐└┘─]/g, " ").trim();
    if (!cells.startsWith(label)) continue;
    const rest = cells.slice(label.length).trim().split(/\s+/);
    if (rest.length >= 2 && rest[0]!.includes("@")) return { email: rest[0]!, password: rest[1]! };
  }
  throw new Error(`no demo account "${label}" in the seed output (${path.join(dataDir(), "prepare.log")})`);
}
