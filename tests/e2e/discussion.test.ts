// Discussions in the browser: the case page ships a plain textarea and loads the
// editor only when a verified member starts to write; posting goes through a
// fetcher (no reload) and the comment appears at once; replies nest; "Quote"
// puts the selected text into the reply editor as a blockquote.
import { expect, test, type Page } from "@playwright/test";
import { demoAccount, logIn } from "./lib/accounts.ts";
import { firstCaseSlug, selectText } from "./lib/cases.ts";
import { unique } from "./lib/env.ts";
import { axeViolations } from "./lib/axe.ts";

async function logInVerified(page: Page) {
  const { email, password } = demoAccount("verified member");
  await logIn(page, email, password);
}

test("a verified member comments, replies and quotes without a page reload", async ({ page }) => {
  test.setTimeout(90_000);
  const editorScripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script" && /editor\.client/.test(r.url())) editorScripts.push(r.url());
  });
  await logInVerified(page);
  const slug = await firstCaseSlug(page);
  await page.goto(`/cases/${slug}?lang=en`);
  await page.waitForLoadState("networkidle");
  expect(editorScripts).toEqual([]);

  const form = page.locator("#comments form.comment-form").first();
  await form.locator('textarea[name="text"]').click();
  const editor = form.locator('[contenteditable="true"]');
  await expect(editor).toBeVisible();
  expect(editorScripts.length).toBeGreaterThan(0);
  await expect(editor).toBeFocused();

  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const id = unique();
  await editor.pressSequentially(`Our base did the same ${id}`);
  await form.getByRole("button", { name: "Post comment" }).click();
  const comment = page.locator("article.comment", { hasText: `Our base did the same ${id}` }).first();
  await expect(comment).toBeVisible();
  await expect(form.locator('[contenteditable="true"]')).toHaveText("");
  // Issue 12.6: focus lands on the new comment and a status message confirms it.
  await expect(comment).toBeFocused();
  await expect(
    page.locator("#comments").getByRole("status").filter({ hasText: "Your comment was posted." }),
  ).toBeVisible();

  await comment.getByRole("link", { name: /^Reply to / }).click();
  const replyEditor = comment.locator('.comment-reply-form [contenteditable="true"]');
  // Opening a reply form is starting to write: the editor comes up focused.
  await expect(replyEditor).toBeVisible();
  await expect(replyEditor).toBeFocused();
  await replyEditor.pressSequentially(`A reply ${id}`);
  await comment.getByRole("button", { name: "Post reply" }).click();
  await expect(comment.locator(".comment-replies article.comment", { hasText: `A reply ${id}` })).toBeVisible();
  await expect(comment.locator(".comment-replies article.comment", { hasText: `A reply ${id}` })).toBeFocused();
  // The same reply form opens again after a reply (it does not close itself).
  await comment
    .getByRole("link", { name: /^Reply to / })
    .first()
    .click();
  await expect(replyEditor).toBeVisible();
  await comment.getByRole("button", { name: "Cancel" }).click();
  await expect(replyEditor).toHaveCount(0);

  // Quote a selection of the first comment.
  await comment.locator(":scope > .comment-body").evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el.querySelector("p")!);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  });
  await comment
    .getByRole("button", { name: /^Quote / })
    .first()
    .click();
  await expect(comment.locator(".comment-reply-form [contenteditable=true] blockquote")).toContainText(
    `Our base did the same ${id}`,
  );
  await expect(comment.locator(".comment-reply-form [contenteditable=true] blockquote")).toContainText("wrote:");

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // The discussion with comments, a reply and an open editor passes axe, at 360 px too.
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await axeViolations(page, { include: "#comments" }), `axe on the discussion at ${width} px`).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `no sideways scrolling at ${width} px`).toBeLessThanOrEqual(0);
  }
});

test("without JavaScript the textarea posts and the page lands on the comment", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const { email, password } = demoAccount("verified member");
  await page.goto("/login");
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  const slug = await firstCaseSlug(page);
  await page.goto(`/cases/${slug}?lang=en`);
  const id = unique();
  await page.locator('#comments textarea[name="text"]').first().fill(`Plain text ${id}`);
  await page.locator("#comments form.comment-form").first().getByRole("button", { name: "Post comment" }).click();
  await expect(page).toHaveURL(/\?comment=[^#]+#c-/);
  await expect(
    page.locator("article.comment:target, article.comment-focus", { hasText: `Plain text ${id}` }),
  ).toBeVisible();
  await context.close();
});

test("focus and a selection inside the comment list survive the list becoming interactive after hydration", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await logInVerified(page);
  const slug = await firstCaseSlug(page);
  // A comment of this test's own, so the list has something to focus whatever ran before.
  await page.goto(`/cases/${slug}?lang=en`);
  const id = unique();
  const text = `Focus kept ${id}`;
  const form = page.locator("#comments form.comment-form").first();
  await form.locator('textarea[name="text"]').click();
  await form.locator('[contenteditable="true"]').pressSequentially(text);
  await form.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator("article.comment", { hasText: text })).toBeVisible();

  // Holds the page's script back, so the member can be inside the list before it hydrates
  // (on a slow phone that moment is seconds long); returns what lets it go.
  async function openWithScriptHeld(): Promise<() => Promise<void>> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.unrouteAll();
    await page.route(/\/entry\.client-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/cases/${slug}?lang=en`, { waitUntil: "domcontentloaded" });
    await page.evaluate(() => {
      (window as unknown as { __stringList: Element | null }).__stringList =
        document.querySelector("#comments .comment-list");
    });
    return async () => {
      release();
      // The member's list is replaced by React's own elements once hydrated (ADR 061).
      await page.waitForFunction(
        () =>
          document.querySelector("#comments .comment-list") !==
          (window as unknown as { __stringList: Element | null }).__stringList,
        undefined,
        { timeout: 30_000 },
      );
    };
  }

  let hydrate = await openWithScriptHeld();
  const commentId = await page.locator("article.comment", { hasText: text }).first().getAttribute("id");
  const reply = page.locator(`#${commentId}`).getByRole("link", { name: /^Reply to / });
  await reply.focus();
  await expect(reply).toBeFocused();
  await hydrate();
  await expect(reply).toBeFocused();

  // Text selected to quote: the quote button quotes the selection only while it lasts.
  hydrate = await openWithScriptHeld();
  await selectText(page.locator(`#${commentId} > .comment-body p`), id);
  await hydrate();
  expect(await page.evaluate(() => window.getSelection()!.toString())).toBe(id);
});

test("words typed into the comment box before the page is interactive move into the editor and typing goes on", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await logInVerified(page);
  const slug = await firstCaseSlug(page);
  // The page's script held back: on a slow phone the box is there seconds before it is interactive.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/entry\.client-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/cases/${slug}?lang=en`, { waitUntil: "domcontentloaded" });
  const form = page.locator("#comments form.comment-form").first();
  const box = form.locator('textarea[name="text"]');
  const id = unique();
  await box.click();
  await page.keyboard.type(`Typed early ${id}`);
  release();
  // Without the page noticing the focused box, it stayed a plain textarea and the editor never came.
  const editor = form.locator('[contenteditable="true"]');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await expect(editor).toHaveText(`Typed early ${id}`);
  await expect(editor).toBeFocused();
  // The caret is at the end of what was typed: the keys go on from there.
  await page.keyboard.type(" and later");
  await expect(editor).toHaveText(`Typed early ${id} and later`);
  await form.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator("article.comment", { hasText: `Typed early ${id} and later` })).toBeVisible();
});
