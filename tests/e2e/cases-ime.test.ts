// Chinese typed through the browser's own input-method path: Chrome DevTools
// Protocol composition events (Input.imeSetComposition, then Input.insertText to
// commit), as a pinyin IME sends them. Tiptap/ProseMirror have known bugs here
// (doubled or lost characters, see STACK.md), and so do forms that rewrite an
// input's value while a composition runs.
import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { demoAccount, logIn } from "./lib/accounts.ts";
import { editorsReady, saveStatus, section, sectionDocText, startDraft, strings, templateRe } from "./lib/cases.ts";
import { unique } from "./lib/env.ts";

const zh = strings("zh-CN", "cases");
const WORD = "跨境电商";
/** What a pinyin IME shows while "kuajingdianshang" is typed and converted, step by step. */
const STEPS = [
  "k",
  "ku",
  "kua",
  "kua j",
  "kua ji",
  "kua jin",
  "kua jing",
  "跨境",
  "跨境 d",
  "跨境 di",
  "跨境 dian",
  "跨境电",
  "跨境电 s",
  "跨境电 sh",
  "跨境电 shang",
];

async function composeChinese(cdp: CDPSession, page: Page) {
  for (const text of STEPS) {
    await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
    await page.waitForTimeout(15);
  }
  await cdp.send("Input.insertText", { text: WORD });
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

test("Chinese typed with an input method lands once, autosaves and survives a reload", async ({ page }) => {
  const id = unique();
  const { email, password } = demoAccount("verified member");
  await logIn(page, email, password);
  const editUrl = await startDraft(page, `输入法 ${id}`);
  const cdp = await page.context().newCDPSession(page);

  // In a section editor, after some text typed normally.
  const results = section(page, "results");
  await results.editor.click();
  await page.keyboard.type("发展");
  await composeChinese(cdp, page);
  await expect(results.editor).toHaveText(`发展${WORD}`);
  expect(await sectionDocText(page, "results")).toBe(`发展${WORD}`);
  // A second composition right after the first, then plain typing.
  await composeChinese(cdp, page);
  await page.keyboard.type("。");
  await expect(results.editor).toHaveText(`发展${WORD}${WORD}。`);
  expect(await sectionDocText(page, "results")).toBe(`发展${WORD}${WORD}。`);
  expect(count(await results.hidden.inputValue(), "跨")).toBe(2);

  // In the title input, at its end.
  const title = page.locator('input[name="title"]');
  await title.click();
  await page.keyboard.press("End");
  await page.keyboard.type(" ");
  // The autosave that follows carries the settled title.
  const saved = page.waitForResponse(
    (r) =>
      new URL(r.url()).pathname === "/resources/case-drafts" &&
      (r.request().postData() ?? "").includes(`输入法 ${id} ${WORD}`),
    { timeout: 15_000 },
  );
  await composeChinese(cdp, page);
  await expect(title).toHaveValue(`输入法 ${id} ${WORD}`);
  const response = await saved;
  expect(response.status()).toBe(200);
  const posted = response.request().postData() ?? "";
  expect(count(posted, `${WORD}${WORD}。`)).toBe(1);
  await expect(saveStatus(page)).toHaveText(templateRe(zh.form.savedAt));
  await expect(saveStatus(page)).toHaveText(/\d{1,2}:\d{2}/);

  await page.goto(editUrl);
  await editorsReady(page);
  await expect(page.locator('input[name="title"]')).toHaveValue(`输入法 ${id} ${WORD}`);
  await expect(section(page, "results").editor).toHaveText(`发展${WORD}${WORD}。`);
  // Nothing left over in this browser that would be offered back.
  await expect(page.getByRole("alert")).toHaveCount(0);
});
