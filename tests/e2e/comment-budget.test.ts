// The elements-per-comment budget (issue 12.8). Lighthouse's performance score on
// the 200-comment case page is noisy; what drives it (~2,900 elements) is not.
// This test seeds the benchmark's thread (50 top-level comments, 150 replies;
// tests/bench/lib/create-thread.ts) and counts the elements the discussion takes
// per comment, for a reader and for a signed-in member whose browser runs no
// JavaScript (the page rendered for them alone, with every control in the markup;
// with JavaScript the count depends on when their own state arrives), so markup
// added to every comment has to fit the budget. Numbers: docs/notes/2026-12-06-session6-people-a11y.md.
import { expect, test, type Page } from "@playwright/test";
import { createThreadCase } from "../bench/lib/thread.ts";
import { cliEnv } from "./lib/env.ts";

/** Elements under #comments per comment (the forms and headings of the section included). */
// Measured 2026-12-06 (200 comments): reader 17.1, member without JavaScript 21.3; after the shared
// vote/delete forms, the time as permalink and the CSS thumb (ADR 054): reader 11.1, member 13.2.
// A ratchet: lower it as markup shrinks.
const BUDGET = { reader: 11.5, member: 13.5 };

async function perComment(page: Page): Promise<{ comments: number; elements: number; perComment: number }> {
  return page.evaluate(() => {
    const root = document.getElementById("comments")!;
    const comments = root.querySelectorAll("article.comment").length;
    const elements = root.querySelectorAll("*").length;
    return { comments, elements, perComment: Math.round((elements / Math.max(1, comments)) * 10) / 10 };
  });
}

test("the 200-comment page stays within the elements-per-comment budget", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const thread = createThreadCase(cliEnv());

  await page.goto(thread.path);
  const reader = await perComment(page);
  console.log(`elements per comment, reader: ${JSON.stringify(reader)}`);
  expect(reader.comments).toBeGreaterThanOrEqual(200);

  const [name, value] = [
    thread.cookie.slice(0, thread.cookie.indexOf("=")),
    thread.cookie.slice(thread.cookie.indexOf("=") + 1),
  ];
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies([{ name, value, url: new URL(page.url()).origin }]);
  const memberPage = await context.newPage();
  await memberPage.goto(thread.path);
  await expect(memberPage.locator("#comments button.vote").first()).toBeVisible();
  const member = await perComment(memberPage);
  console.log(`elements per comment, member: ${JSON.stringify(member)}`);

  // The vote buttons submit the discussion's one shared form (form= attribute, the
  // comment's id as the button's value): without JavaScript a vote still lands on
  // its comment, pressed, and pressing again takes it back.
  // Someone else's comment (no edit link) that this member has not voted for.
  const target = memberPage
    .locator("#comments article.comment")
    .filter({ hasNot: memberPage.locator(':scope > .comment-actions > a[href*="edit="]') })
    .filter({ has: memberPage.locator(':scope > .comment-actions > button.vote[aria-pressed="false"]') })
    .first();
  const commentId = (await target.getAttribute("id"))!.slice("c-".length);
  const voteOf = memberPage.locator(`#c-${commentId} > .comment-actions > button.vote`);
  await expect(voteOf).toHaveAttribute("aria-pressed", "false");
  const before = Number(await voteOf.textContent());
  await voteOf.click();
  await expect(memberPage).toHaveURL(new RegExp(`\\?comment=${commentId}#c-${commentId}$`));
  await expect(voteOf).toHaveAttribute("aria-pressed", "true");
  await expect(voteOf).toHaveText(String(before + 1));
  await voteOf.click();
  await expect(voteOf).toHaveAttribute("aria-pressed", "false");
  await expect(voteOf).toHaveText(String(before));
  await context.close();

  expect(reader.perComment, "reader").toBeLessThanOrEqual(BUDGET.reader);
  expect(member.perComment, "member").toBeLessThanOrEqual(BUDGET.member);
});
