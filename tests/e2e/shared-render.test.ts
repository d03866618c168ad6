// The members' shared render of a case page (ADR 015), as members see it: the
// document comes from the one copy rendered for no one (X-Page-Cache: shared-…),
// and once the page has loaded each member has their own header, votes, own
// comments' controls, the case author's "most useful" and a moderator's "hide".
// A member whose browser runs no JavaScript is told to reload and then gets a
// page rendered for them.
import { expect, test, type Browser, type BrowserContext, type Page, type Response } from "@playwright/test";
import { demoAccount, logIn, newUser, signUpVerified } from "./lib/accounts.ts";
import { createCaseVia } from "./lib/case-cli.ts";
import { firstCaseSlug, strings } from "./lib/cases.ts";
import { cliEnv, unique } from "./lib/env.ts";

const d = strings("zh-CN", "discussion");
const common = strings("zh-CN", "common");

/** Opens the page, checks it was the shared copy and waits until this member's state is on it. */
async function openShared(page: Page, path: string, displayName: string): Promise<Response> {
  const state = page.waitForResponse((r) => r.url().includes("/resources/viewer-state"));
  const res = (await page.goto(path))!;
  expect(res.headers()["x-page-cache"]).toMatch(/^shared-(hit|miss|stale)$/);
  expect((await state).status()).toBe(200);
  await expect(page.locator("details.menu > summary")).toContainText(displayName);
  return res;
}

/** React reports hydration mismatches as console errors; a shared copy must hydrate cleanly. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

const commentWith = (page: Page, text: string) =>
  page
    .locator("#comments .comment-list article.comment", { has: page.locator(".comment-body", { hasText: text }) })
    .first();
const ownActions = (page: Page, text: string) => commentWith(page, text).locator("> .comment-actions");

test("members share one render of a case page and each sees their own state on it", async ({ browser }) => {
  test.setTimeout(180_000);
  const id = unique();
  const created = createCaseVia(
    {
      author: { username: "demo-verified", email: "verified@demo.example", displayName: "王芳（演示）" },
      content: { title: `共享渲染 ${id}`, summary: "成员共享同一份页面，各自的投票和操作在加载后补上。" },
    },
    cliEnv(),
  );
  const path = `/cases/${created.slug}`;
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };

  // B (a new member) comments: their browser has run the script since signing up.
  const b = await newPage();
  const userB = await signUpVerified(b, newUser("shared"));
  const bErrors = consoleErrors(b);
  await b.goto(path);
  const textB = `B 的评论 ${id}`;
  const form = b.locator("#comments form.comment-form").first();
  await form.locator('textarea[name="text"]').click();
  const editor = form.locator('[contenteditable="true"]');
  await expect(editor).toBeVisible();
  await editor.pressSequentially(textB);
  await form.getByRole("button", { name: d.form.submit, exact: true }).click();
  await expect(commentWith(b, textB)).toBeVisible();

  // A, the case's author, opens the shared copy: their name, and "most useful" on B's comment.
  const a = await newPage();
  const accountA = demoAccount("verified member");
  await logIn(a, accountA.email, accountA.password);
  await openShared(a, path, "王芳（演示）");
  await expect(ownActions(a, textB).getByRole("button", { name: d.comment.markMostUseful })).toBeVisible();
  await ownActions(a, textB).locator("button.vote").click();
  await expect(ownActions(a, textB).locator("button.vote")).toHaveAttribute("aria-pressed", "true");

  // B reloads after A's vote (a new version: a new copy): B's own controls, nobody's "most useful" button.
  await openShared(b, path, userB.displayName);
  await expect(ownActions(b, textB).getByRole("link", { name: d.comment.edit, exact: true })).toBeVisible();
  await expect(ownActions(b, textB).getByRole("button", { name: d.comment.delete, exact: true })).toBeVisible();
  await expect(ownActions(b, textB).getByRole("button", { name: d.comment.markMostUseful })).toHaveCount(0);
  await b.locator(".case-vote button.vote").click();
  await expect(b.locator(".case-vote button.vote")).toHaveAttribute("aria-pressed", "true");
  await openShared(b, path, userB.displayName);
  await expect(b.locator(".case-vote button.vote")).toHaveAttribute("aria-pressed", "true");

  // The home page and the case list show nothing of the member but the header: shared too.
  await openShared(b, "/", userB.displayName);
  await openShared(b, "/cases", userB.displayName);

  // A sees their vote on B's comment after a reload; A has no edit link on B's comment.
  await openShared(a, path, "王芳（演示）");
  await expect(ownActions(a, textB).locator("button.vote")).toHaveAttribute("aria-pressed", "true");
  await expect(ownActions(a, textB).getByRole("link", { name: d.comment.edit, exact: true })).toHaveCount(0);

  // A moderator gets the moderation controls on the same copy.
  const m = await newPage();
  const moderator = demoAccount("moderator");
  await logIn(m, moderator.email, moderator.password);
  const res = await m.goto(path);
  expect(res!.headers()["x-page-cache"]).toMatch(/^shared-/);
  await expect(ownActions(m, textB).locator("details.hide-comment > summary")).toHaveText(d.comment.hide);

  expect(bErrors).toEqual([]);

  // If the member's state cannot be had, the page is loaded again and rendered for the member.
  await b.route("**/resources/viewer-state*", (route) => route.fulfill({ status: 500, body: "down" }));
  const own = b.waitForResponse(
    (r) => r.url().endsWith(path) && r.request().resourceType() === "document" && !r.headers()["x-page-cache"],
  );
  await b.goto(path);
  await own;
  await expect(b.locator("details.menu > summary")).toContainText(userB.displayName);
  await expect(ownActions(b, textB).getByRole("link", { name: d.comment.edit, exact: true })).toBeVisible();
  await b.unroute("**/resources/viewer-state*");
  // Its script, running again, sets the cookie again: the next page is shared.
  await expect
    .poll(async () => (await b.context().cookies()).some((c) => c.name === "bee_js" && c.value === "1"))
    .toBe(true);

  // B's browser without JavaScript: the copy says to reload; the reload is rendered for B.
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await b.context().storageState() });
  contexts.push(noJs);
  const n = await noJs.newPage();
  const first = (await n.goto(path))!;
  expect(first.headers()["x-page-cache"]).toMatch(/^shared-/);
  // (Playwright's text matching skips <noscript>, so the paragraph is found by its place.)
  await expect(n.locator("body > noscript > p.warning")).toHaveText(common.sharedRenderNoScript);
  await expect(n.locator("body > noscript > p.warning")).toBeVisible();
  await expect.poll(async () => (await noJs.cookies()).some((c) => c.name === "bee_js")).toBe(false);
  const second = (await n.reload())!;
  expect(second.headers()["x-page-cache"]).toBeUndefined();
  await expect(ownActions(n, textB).getByRole("link", { name: d.comment.edit, exact: true })).toBeVisible();
  await expect(n.locator("details.menu > summary")).toContainText(userB.displayName);

  for (const c of contexts) await c.close();
});

/** A new verified member whose browser has had a shared copy of a case page with their state once. */
async function memberOnSharedCase(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = consoleErrors(page);
  const member = await signUpVerified(page, newUser(prefix));
  const slug = await firstCaseSlug(page);
  // The browser's script marks that it runs (the cookie that asks for shared copies).
  await page.waitForFunction(() => document.cookie.includes("bee_js=1"));
  await openShared(page, `/cases/${slug}`, member.displayName);
  return { context, page, errors, member, slug };
}

/** Holds the page's requests for the member's state until the returned function is called. */
async function holdViewerState(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/resources/viewer-state*", async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  return release;
}

test("a member who follows a link before their state arrives lands where they clicked", async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page, slug } = await memberOnSharedCase(browser, "leave");
  // A shared copy of a case page, whose member state is slow to come.
  const release = await holdViewerState(page);
  const asked = page.waitForRequest((r) => r.url().includes("/resources/viewer-state"));
  const res = (await page.goto(`/cases/${slug}`, { waitUntil: "commit" }))!;
  expect(res.headers()["x-page-cache"]).toMatch(/^shared-(hit|miss|stale)$/);
  await asked;
  // Following a link now cancels the state's request; that must not reload the case page.
  await page.goto("/bases");
  release();
  await page.waitForTimeout(2_000);
  await expect(page).toHaveURL(/\/bases$/);
  expect(await page.evaluate(() => sessionStorage.getItem("bee-viewer-state-fallback"))).toBeNull();
  await context.close();
});

test("a link followed while the member's state is on its way opens the page with its data", async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, page, errors, member, slug } = await memberOnSharedCase(browser, "early");
  // The member's state is held back: the page is hydrated and its router still loading (Remix
  // 2.17 then rendered the next page without its data: "出错了" and an empty title, stop 24's CI).
  // Followed with the mouse, then with the keyboard (Enter on the focused link).
  for (const how of ["mouse", "keyboard"] as const) {
    const release = await holdViewerState(page);
    const asked = page.waitForRequest((r) => r.url().includes("/resources/viewer-state"));
    await page.goto(`/cases/${slug}`);
    await asked;
    await page.waitForFunction(() => "__remixRouter" in window);
    const baseLink = page.locator('main a[href^="/bases/"]').first();
    const href = (await baseLink.getAttribute("href"))!;
    const baseName = (await baseLink.textContent())!.trim();
    if (how === "mouse") await baseLink.click();
    else await baseLink.press("Enter");
    release();
    await expect(page, how).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByRole("heading", { level: 1 }), how).toContainText(baseName);
    await expect(page, how).toHaveTitle(new RegExp(baseName));
    await expect(page.locator("details.menu > summary"), how).toContainText(member.displayName);
    await page.unroute("**/resources/viewer-state*");
  }
  expect(errors).toEqual([]);
  await context.close();
});
