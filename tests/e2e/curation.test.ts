// Ministry curation in a browser (issue 11 points 3-5): a ministry user opens a
// call for cases, a verified member of a base submits one of the base's cases,
// the ministry selects it in the review queue, assembles a collection from the
// selected submissions, publishes it and downloads the Word compendium (unzipped
// and read here). axe checks the new pages.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { expect, test, type Page } from "@playwright/test";
import { logIn, logOut, newUser, signUpVerified } from "./lib/accounts.ts";
import { ROOT } from "./lib/app-server.ts";
import { createCaseVia } from "./lib/case-cli.ts";
import { cliEnv, unique } from "./lib/env.ts";
import { expectNoAxeViolations } from "./lib/axe.ts";

type Strings = Record<string, any>;
const ns = (name: string): Strings =>
  JSON.parse(fs.readFileSync(path.join(ROOT, "app/i18n/locales/zh-CN", `${name}.json`), "utf8")) as Strings;
const zh = { calls: ns("calls"), collections: ns("collections") };

function script(file: string, ...args: string[]) {
  execFileSync(process.execPath, ["--import", "tsx", file, ...args], {
    cwd: ROOT,
    env: { ...cliEnv(), LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/** Types into the rich-text field whose hidden input is `name`, once its editor has loaded. */
async function typeRichText(page: Page, name: string, text: string) {
  const field = page.locator(".rte").filter({ has: page.locator(`input[type="hidden"][name="${name}"]`) });
  const editor = field.locator('.ProseMirror[contenteditable="true"]');
  await expect(editor).toBeVisible({ timeout: 20_000 });
  await editor.click();
  await page.keyboard.type(text);
}

test("a ministry user opens a call, a member submits, the ministry selects it into a collection and downloads the .docx", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const id = unique();
  const baseSlug = "zhejiang-yiwu-small-commodities";

  // The ministry user: signed up, given the role by an admin, logged in again.
  const ministryContext = await browser.newContext({ locale: "zh-CN", acceptDownloads: true });
  const mp = await ministryContext.newPage();
  const ministry = await signUpVerified(mp, newUser("ministry"));
  script("tests/e2e/lib/grant-role.ts", ministry.username, "ministry");
  await logOut(mp);
  await logIn(mp, ministry.email, ministry.password);

  // 1. Open a call.
  const callTitle = `跨境电商案例征集 ${id}`;
  await mp.goto("/calls/new");
  await mp.getByLabel(zh.calls.form.title, { exact: false }).first().fill(callTitle);
  await typeRichText(mp, "description", "请各基地报送跨境电商方面的经验做法。");
  await expectNoAxeViolations(mp, "/calls/new");
  await mp.getByRole("button", { name: zh.calls.form.create }).click();
  await expect(mp).toHaveURL(/\/calls\/call-/);
  const callPath = new URL(mp.url()).pathname;
  await mp.getByRole("button", { name: zh.calls.staff.to.open }).click();
  await expect(mp.locator(".call-status").first()).toHaveText(zh.calls.status.open);
  await expect(mp.getByText(zh.calls.beijingTime).first()).toBeVisible();
  await expectNoAxeViolations(mp, "/calls/:slug (staff)");

  // 2. A verified member of a base submits one of the base's published cases.
  const memberContext = await browser.newContext({ locale: "zh-CN" });
  const page = await memberContext.newPage();
  const member = await signUpVerified(page, newUser("submit"));
  script("tests/e2e/lib/affiliate.ts", member.username, baseSlug);
  const caseTitle = `直播带货出海 ${id}`;
  createCaseVia(
    {
      author: { username: member.username, email: member.email, displayName: member.displayName },
      baseSlug,
      content: { title: caseTitle, summary: "用于案例征集浏览器测试的案例。" },
    },
    cliEnv(),
  );
  await page.goto("/calls");
  await expectNoAxeViolations(page, "/calls");
  await page.getByRole("link", { name: callTitle }).first().click();
  await page.getByLabel(zh.calls.submit.case).selectOption({ label: caseTitle });
  await page.getByLabel(zh.calls.submit.note).fill("带动中小企业出口，可复制。");
  await page.getByRole("button", { name: zh.calls.submit.send }).click();
  const mine = page.locator("#mine");
  await expect(mine).toContainText(caseTitle);
  await expect(mine).toContainText(zh.calls.submissionStatus.submitted);
  await expectNoAxeViolations(page, "/calls/:slug (member)");

  // 3. The ministry selects it in the review queue, with a note.
  await mp.goto(`${callPath}/review`);
  await mp.getByRole("checkbox", { name: new RegExp(caseTitle) }).check();
  await mp.getByRole("radio", { name: zh.calls.submissionStatus.selected }).check();
  await mp.getByLabel(zh.calls.review.note).fill("经验可复制，拟入选。");
  await mp.getByRole("button", { name: zh.calls.review.apply }).click();
  await expect(mp.locator("tbody tr").filter({ hasText: caseTitle })).toContainText(zh.calls.submissionStatus.selected);
  await expectNoAxeViolations(mp, "/calls/:slug/review");

  // The member sees the decision and the ministry's note.
  await page.reload();
  await expect(mine).toContainText(zh.calls.submissionStatus.selected);
  await expect(mine).toContainText("经验可复制，拟入选。");

  // 4. A collection from the call's selected submissions, published.
  const collectionTitle = `2026 年第一批典型案例 ${id}`;
  await mp.goto("/collections/new");
  await mp.getByLabel(zh.collections.form.title, { exact: false }).first().fill(collectionTitle);
  await typeRichText(mp, "introduction", "现将第一批典型案例汇编如下。");
  await mp.getByLabel(zh.collections.form.call).selectOption({ label: callTitle });
  await expectNoAxeViolations(mp, "/collections/new");
  await mp.getByRole("button", { name: zh.collections.form.create }).click();
  await expect(mp).toHaveURL(/\/collections\/collection-.*\/edit$/);
  await mp.getByRole("button", { name: zh.collections.edit.addSelected }).click();
  await expect(mp.locator(".collection-items")).toContainText(caseTitle);
  await mp.getByRole("button", { name: zh.collections.edit.publish, exact: true }).click();
  await expect(mp.getByRole("button", { name: zh.collections.edit.unpublish })).toBeVisible();
  await expectNoAxeViolations(mp, "/collections/:slug/edit");

  // 5. The Word compendium: downloaded, unzipped, read.
  const editPath = new URL(mp.url()).pathname;
  const collectionPath = editPath.replace(/\/edit$/, "");
  await mp.goto(collectionPath);
  await expectNoAxeViolations(mp, "/collections/:slug");
  const [download] = await Promise.all([
    mp.waitForEvent("download"),
    mp.getByRole("link", { name: zh.collections.compendium.docx }).click(),
  ]);
  const file = await download.path();
  const files = unzipSync(new Uint8Array(fs.readFileSync(file!)));
  const xml = strFromU8(files["word/document.xml"]!);
  expect(xml).toContain(collectionTitle);
  expect(xml).toContain(caseTitle);
  expect(xml).toContain("TOC \\h \\o");
  expect(Object.keys(files).some((f) => f.startsWith("word/media/"))).toBe(true);

  // The printable view, and the typical-case badge on the case page.
  await mp.goto(`${collectionPath}/print`);
  await expect(mp.locator(".compendium-chapter")).toHaveCount(1);
  await expectNoAxeViolations(mp, "/collections/:slug/print");
  await page.goto(collectionPath);
  await page.getByRole("link", { name: caseTitle }).first().click();
  await expect(page.locator(".tag-typical")).toHaveText(zh.collections.typical);

  await ministryContext.close();
  await memberContext.close();
});
