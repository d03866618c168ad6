// A whole discussion between two members, each in their own browser: A (the demo
// verified member) publishes a case; B (signed up for this test) comments; A
// sees the bell's unread count and the notification, follows it and replies; B
// quotes a selection of A's reply and @mentions A through the autocomplete; A
// gets the mention; both vote helpful; A marks B's comment the most useful; B
// deletes the comment that has A's reply and the thread stays readable. Then a
// browser without JavaScript posts (an empty comment first: the form's error
// comes back with the page). In zh-CN, the default; the notifications are also
// read in English.
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { demoAccount, logIn, newUser, signUpVerified, type TestUser } from "./lib/accounts.ts";
import { editorsReady, fillBasics, nextAutosave, selectText, strings, typeInSection } from "./lib/cases.ts";
import { unique } from "./lib/env.ts";

const zh = { cases: strings("zh-CN", "cases"), d: strings("zh-CN", "discussion"), common: strings("zh-CN", "common") };
const en = { common: strings("en", "common") };
const A_NAME = "王芳（演示）";
const A_USERNAME = "demo-verified";

/** An i18next template filled in ({{name}} → value). */
function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? "");
}

/** The id of the comment (in the thread, not the pinned copy) whose own text contains `text`. */
async function commentId(page: Page, text: string): Promise<string> {
  const body = page.locator("#comments .comment-list .comment-body", { hasText: text }).first();
  await expect(body).toBeVisible();
  return body.evaluate((el) => el.closest("article.comment")!.id);
}

/** The comment's own actions (not those of its replies). */
function actions(page: Page, id: string): Locator {
  return page.locator(`#${id} > .comment-actions`);
}

async function publishCase(page: Page, title: string): Promise<string> {
  await page.goto("/cases/new");
  await editorsReady(page);
  await fillBasics(page, { title, summary: `两位成员讨论的案例（${title}）。` });
  await typeInSection(page, "background", "基地出口订单下滑。");
  await typeInSection(page, "approach", "建设公共海外仓，统一报关。");
  await typeInSection(page, "results", "配送时效从12天缩短到4天。");
  await typeInSection(page, "replicability", "需要地方财政支持。");
  const settled = nextAutosave(page, 200);
  await typeInSection(page, "lessons", "尽早与海外合作方签约。");
  await settled;
  await page.getByRole("button", { name: zh.cases.form.publish, exact: true }).click();
  await expect(page).toHaveURL(/\/cases\/[^/]+\?published=1$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** Writes into a comment form's editor (a reply form opens it by itself; the top form on a click) and posts. */
async function writeAndPost(form: Locator, text: string, submit: string) {
  const editor = form.locator('[contenteditable="true"]');
  await expect(editor).toBeVisible();
  await editor.pressSequentially(text);
  await form.getByRole("button", { name: submit, exact: true }).click();
}

function unreadBadge(page: Page): Locator {
  return page.locator("header a.bell .badge-count");
}

async function newMemberPage(browser: Browser): Promise<{ page: Page; user: TestUser; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = await signUpVerified(page, newUser("talk"));
  return { page, user, close: () => context.close() };
}

test("two members discuss a case: reply, notifications, quote, mention, votes, most useful, delete", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const id = unique();
  const title = `两人讨论 ${id}`;

  // A publishes a case and starts with no unread notifications.
  const contextA = await browser.newContext();
  const a = await contextA.newPage();
  const accountA = demoAccount("verified member");
  await logIn(a, accountA.email, accountA.password);
  const slug = await publishCase(a, title);
  await a.goto("/notifications");
  const readAll = a.getByRole("button", { name: zh.common.notifications.markAllRead });
  if (await readAll.count()) {
    await readAll.click();
    await expect(
      a.getByRole("status").filter({ hasText: fill(zh.common.notifications.unreadCount_other, { count: "0" }) }),
    ).toBeVisible();
  }

  // B signs up and comments.
  const { page: b, user: userB, close: closeB } = await newMemberPage(browser);
  const B_NAME = userB.displayName;
  await b.goto(`/cases/${slug}`);
  const commentB = `我们基地也建了海外仓 ${id}`;
  const firstForm = b.locator("#comments form.comment-form").first();
  await firstForm.locator('textarea[name="text"]').click();
  await writeAndPost(firstForm, commentB, zh.d.form.submit);
  const idB = await commentId(b, commentB);

  // A: the bell counts it; /notifications says who commented on which case; its link opens the comment.
  await a.goto(`/cases/${slug}`);
  await expect(unreadBadge(a)).toHaveText(/^[1-9]\d*$/);
  await a.locator("header a.bell").click();
  await expect(a).toHaveURL(/\/notifications$/);
  const onCase = a
    .locator("li.notification-unread")
    .filter({ hasText: fill(zh.common.notifications.comment.onYourCase, { actor: B_NAME, title, excerpt: commentB }) });
  await expect(onCase).toHaveCount(1);
  await onCase.getByRole("link").click();
  await expect(a).toHaveURL(new RegExp(`/cases/${slug}\\?comment=${idB.slice(2)}#${idB}$`));
  await expect(a.locator(`#${idB}`)).toHaveClass(/comment-focus/);

  // A replies to B.
  await actions(a, idB)
    .getByRole("link", { name: fill(zh.d.comment.replyTo, { name: B_NAME }) })
    .click();
  const replyA = `谢谢分享，你们的报关怎么做？ ${id}`;
  await writeAndPost(a.locator(`#reply-${idB.slice(2)}`), replyA, zh.d.form.submitReply);
  const idReplyA = await commentId(a, replyA);
  await expect(a.locator(`#${idB} .comment-replies #${idReplyA}`)).toBeVisible();

  // B quotes a selection of A's reply: the reply editor opens with a blockquote and its attribution.
  await b.goto(`/cases/${slug}`);
  const quoted = "你们的报关怎么做";
  // Selected as soon as the page shows, maybe before it is interactive: the selection lasts
  // through the comment list becoming React elements (keep-focus.ts) until the quote button is pressed.
  await selectText(b.locator(`#${idReplyA} > .comment-body p`), quoted);
  await actions(b, idReplyA)
    .getByRole("button", { name: fill(zh.d.comment.quoteTo, { name: A_NAME }) })
    .click();
  const quoteForm = b.locator(`#reply-${idReplyA.slice(2)}`);
  const quote = quoteForm.locator('[contenteditable="true"] blockquote');
  await expect(quote).toContainText(fill(zh.d.comment.quoteWrote, { name: A_NAME }));
  await expect(quote).toContainText(quoted);
  await expect(quote).not.toContainText("谢谢分享");
  const answer = `统一报关平台 ${id}`;
  await writeAndPost(quoteForm, answer, zh.d.form.submitReply);
  const idQuote = await commentId(b, answer);
  await expect(b.locator(`#${idQuote} > .comment-body blockquote`)).toContainText(quoted);

  // B mentions A in a new comment through the @ menu.
  const top = b.locator("#comments form.comment-form").first();
  await top.locator('textarea[name="text"]').click();
  const editor = top.locator('[contenteditable="true"]');
  await expect(editor).toBeVisible();
  await editor.pressSequentially(`请 @${A_USERNAME.slice(0, 8)}`);
  const option = b.getByRole("option", { name: `@${A_NAME}` });
  await expect(option).toBeVisible();
  await b.keyboard.press("Enter");
  await expect(editor.locator(".mention")).toHaveText(`@${A_NAME}`);
  const mentionText = ` 看看这个数据 ${id}`;
  await editor.pressSequentially(mentionText);
  await top.getByRole("button", { name: zh.d.form.submit, exact: true }).click();
  const idMention = await commentId(b, mentionText.trim());
  await expect(b.locator(`#${idMention} a.mention[href="/u/${A_USERNAME}"]`)).toHaveText(`@${A_NAME}`);

  // A: the reply and the mention are both in /notifications, in Chinese and in English.
  await a.goto("/notifications");
  await expect(
    a
      .locator("li.notification-unread")
      .filter({ hasText: fill(zh.common.notifications.comment.reply, { actor: B_NAME, title, excerpt: "" }) }),
  ).toHaveCount(1);
  const mentionZh = fill(zh.common.notifications.comment.mention, { actor: B_NAME, title, excerpt: "" });
  await expect(a.locator("li.notification-unread").filter({ hasText: mentionZh })).toHaveCount(1);
  await a.goto("/notifications?lang=en");
  await expect(a.locator("html")).toHaveAttribute("lang", "en");
  // The case has no English title, so the Chinese one stands in.
  const mentionEn = fill(en.common.notifications.comment.mention, { actor: B_NAME, title, excerpt: "" });
  await expect(a.locator("li.notification-unread").filter({ hasText: mentionEn })).toHaveCount(1);
  await expect(a.getByRole("heading", { level: 1 })).toHaveText(en.common.notifications.title);

  // Both vote helpful: A on B's comment, B on the case and on A's reply. The counts change at once and stay.
  await a.goto(`/cases/${slug}`);
  const voteOnB = actions(a, idB).locator("button.vote");
  await expect(voteOnB).toHaveAttribute("aria-pressed", "false");
  await voteOnB.click();
  await expect(voteOnB).toHaveAttribute("aria-pressed", "true");
  await expect(voteOnB).toHaveAccessibleName(fill(zh.d.vote.label, { count: "1" }));
  await b.reload();
  const caseVote = b.locator(".case-vote button.vote");
  await caseVote.click();
  await expect(caseVote).toHaveAccessibleName(fill(zh.d.vote.caseLabel, { count: "1" }));
  const voteOnA = actions(b, idReplyA).locator("button.vote");
  await voteOnA.click();
  await expect(voteOnA).toHaveAccessibleName(fill(zh.d.vote.label, { count: "1" }));
  // Each sees the other's votes on their own contributions (the case's author has no case vote button).
  await expect(actions(b, idB).locator("button.vote")).toHaveAccessibleName(fill(zh.d.vote.label, { count: "1" }));
  await a.reload();
  await expect(actions(a, idB).locator("button.vote")).toHaveAttribute("aria-pressed", "true");
  await expect(actions(a, idReplyA).locator("button.vote")).toHaveAccessibleName(fill(zh.d.vote.label, { count: "1" }));
  await expect(a.locator(".case-vote .vote-static")).toContainText(fill(zh.d.vote.caseLabel, { count: "1" }));

  // A marks B's comment as the most useful: the badge, and the pinned copy above the thread.
  await actions(a, idB).getByRole("button", { name: zh.d.comment.markMostUseful }).click();
  await expect(a.locator(".most-useful-box")).toContainText(commentB);
  await expect(a.locator(`#${idB} > .comment-meta .badge-useful`)).toBeVisible();
  await b.reload();
  await expect(b.locator(".most-useful-box")).toContainText(commentB);

  // B deletes that comment, which has A's reply: a placeholder, the reply stays beneath it.
  b.once("dialog", (dialog) => void dialog.accept());
  // The placeholder shows at once (optimistic); the reloads below must come after the server's answer,
  // or a reload can overtake the deletion it would show.
  const deleted = b.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().includes(new URL(b.url()).pathname),
  );
  await actions(b, idB).getByRole("button", { name: zh.d.comment.delete, exact: true }).click();
  await expect(b.locator(`#${idB} > .comment-placeholder`)).toHaveText(zh.d.comment.deleted);
  expect((await deleted).ok()).toBe(true);
  for (const page of [b, a]) {
    await page.reload();
    await expect(page.locator(`#${idB} > .comment-placeholder`)).toHaveText(zh.d.comment.deleted);
    await expect(page.locator(`#${idB} > .comment-body`)).toHaveCount(0);
    await expect(page.locator("#comments")).not.toContainText(commentB);
    // The reply is still there, under the deleted comment, and so is B's quote of it.
    await expect(page.locator(`#${idB} .comment-replies #${idReplyA} > .comment-body`)).toContainText(replyA);
    await expect(page.locator(`#${idReplyA} .comment-replies #${idQuote} > .comment-body blockquote`)).toContainText(
      quoted,
    );
    // A deleted comment is no longer the most useful one.
    await expect(page.locator(".most-useful-box")).toHaveCount(0);
  }

  // Without JavaScript: B posts an empty comment (the error comes back with the page), then a real one.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p = await plain.newPage();
  await p.goto("/login");
  await p.locator('input[name="login"]').fill(userB.email);
  await p.locator('input[name="password"]').fill(userB.password);
  await p.locator('main form button[type="submit"]').click();
  await expect(p).not.toHaveURL(/\/login/);
  await p.goto(`/cases/${slug}`);
  const plainForm = p.locator("#comments form.comment-form").first();
  await plainForm.locator('textarea[name="text"]').fill("   ");
  await plainForm.getByRole("button", { name: zh.d.form.submit, exact: true }).click();
  await expect(p.locator("#comments form.comment-form").first().locator(".field-error")).toHaveText(zh.d.errors.empty);
  const plainText = `没有 JavaScript 也能发表 ${id}`;
  await p.locator("#comments form.comment-form").first().locator('textarea[name="text"]').fill(plainText);
  await p
    .locator("#comments form.comment-form")
    .first()
    .getByRole("button", { name: zh.d.form.submit, exact: true })
    .click();
  await expect(p).toHaveURL(/\?comment=[^#]+#c-/);
  await expect(p.locator("article.comment-focus > .comment-body")).toHaveText(plainText);

  await plain.close();
  await closeB();
  await contextA.close();
});
