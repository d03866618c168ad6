// Issue 10.7: "a draft is never lost". The case form used to replace Conform's
// submit handler with its own, so each blur validation was POSTed to the page
// and the same handler cancelled the pending autosave: typing a title, Tab, Tab,
// a summary, Tab gave three POSTs, no autosave and an empty "my drafts". Here a
// member types into every kind of field, moving by keyboard and by mouse, then
// closes the tab without saving; the draft must be on the server — in "my
// drafts" and in the edit form of a browser that never saw it.
import { expect, test, type Page, type Request } from "@playwright/test";
import { demoAccount, logIn } from "./lib/accounts.ts";
import {
  editorsReady,
  nextAutosave,
  saveStatus,
  section,
  sectionDocText,
  startDraft,
  strings,
  templateRe,
  typeInSection,
} from "./lib/cases.ts";
import { unique } from "./lib/env.ts";

const zh = strings("zh-CN", "cases");

async function logInVerified(page: Page) {
  const { email, password } = demoAccount("verified member");
  await logIn(page, email, password);
}

test("typing into every kind of field, by keyboard and mouse, then closing the tab keeps the draft on the server", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const id = unique();
  const v = {
    title: `自动保存测试案例 ${id}`,
    summary: `基地用公共海外仓降低小商户的物流成本（${id}）。`,
    summaryEn: `Shared warehouses ${id}`,
    periodStart: "2022",
    metric: ["单件物流成本", "18.6", "12.9", "元/件", `基地统计 ${id}`],
    background: `背景：订单下滑 ${id}`,
    lessons: `经验：先小范围试点 ${id}`,
  };

  const writer = await browser.newContext();
  const page = await writer.newPage();
  await logInVerified(page);
  await page.goto("/cases/new");
  await editorsReady(page);

  // Any POST other than the autosave is the form being submitted: nobody clicked Save.
  const pagePosts: string[] = [];
  const autosaves: Request[] = [];
  page.on("request", (r) => {
    if (r.method() !== "POST") return;
    if (new URL(r.url()).pathname === "/resources/case-drafts") autosaves.push(r);
    else pagePosts.push(r.url());
  });

  // The review's steps: a title, Tab, Tab, a summary, Tab — then a pause.
  const firstSave = nextAutosave(page, 200);
  await page.locator('input[name="title"]').click();
  await page.keyboard.type(v.title);
  await page.keyboard.press("Tab");
  await expect(page.locator('input[name="titleEn"]')).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.locator('textarea[name="summary"]')).toBeFocused();
  await page.keyboard.type(v.summary);
  await page.keyboard.press("Tab");
  await page.keyboard.type(v.summaryEn);
  await page.keyboard.press("Tab");
  await firstSave;
  await expect(saveStatus(page)).toHaveText(templateRe(zh.form.savedAt));

  // Checkboxes and radios: one topic by mouse, the next by keyboard; a stage by mouse.
  const topics = page.locator('input[name="topics"]');
  await topics.nth(0).click();
  await page.keyboard.press("Tab");
  await expect(topics.nth(1)).toBeFocused();
  await page.keyboard.press("Space");
  await page.locator('input[name="stage"][value="pilot"]').click();
  await page.locator('input[name="periodStart"]').click();
  await page.keyboard.type(v.periodStart);

  // A metric row: added by mouse, its cells filled moving with Tab.
  await page.getByRole("button", { name: zh.form.metricAdd }).click();
  await page.locator('input[name="metrics[0].label"]').click();
  for (const [i, cell] of v.metric.entries()) {
    if (i > 0) await page.keyboard.press("Tab");
    await page.keyboard.type(cell);
  }
  await page.keyboard.press("Tab");

  // Rich-text sections, reached by mouse.
  await section(page, "background").editor.click();
  await page.keyboard.type(v.background);
  await section(page, "lessons").editor.click();
  await page.keyboard.type(v.lessons);

  // Closed right after the last keystroke, before the autosave's pause is over.
  await page.close();
  expect(pagePosts, "blur validation never submits the form").toEqual([]);
  expect(autosaves.length).toBeGreaterThan(0);
  await writer.close();

  // Another browser (nothing kept in its storage) finds the draft on the server.
  const reader = await browser.newContext();
  const again = await reader.newPage();
  await logInVerified(again);
  const draftLink = again.getByRole("link", { name: v.title, exact: true });
  await expect
    .poll(
      async () => {
        await again.goto("/cases/drafts");
        return draftLink.count();
      },
      { timeout: 15_000, message: "the draft is in my drafts" },
    )
    .toBe(1);
  await draftLink.click();
  await editorsReady(again);
  const expectValue = (selector: string, value: string) => expect(again.locator(selector)).toHaveValue(value);
  await expectValue('input[name="title"]', v.title);
  await expectValue('textarea[name="summary"]', v.summary);
  await expectValue('textarea[name="summaryEn"]', v.summaryEn);
  await expectValue('input[name="periodStart"]', v.periodStart);
  await expect(again.locator('input[name="topics"]').nth(0)).toBeChecked();
  await expect(again.locator('input[name="topics"]').nth(1)).toBeChecked();
  await expect(again.locator('input[name="stage"][value="pilot"]')).toBeChecked();
  for (const [i, key] of ["label", "before", "after", "unit", "source"].entries()) {
    await expectValue(`input[name="metrics[0].${key}"]`, v.metric[i]!);
  }
  await expect(section(again, "background").editor).toHaveText(v.background);
  await expect(section(again, "lessons").editor).toHaveText(v.lessons);

  // And a reload gives the same form back.
  await again.reload();
  await editorsReady(again);
  await expectValue('input[name="title"]', v.title);
  await expect(section(again, "lessons").editor).toHaveText(v.lessons);
  await reader.close();
});

test("an edit made while an autosave is on its way is saved when that one lands", async ({ page }) => {
  const id = unique();
  await logInVerified(page);
  await page.goto("/cases/new");
  await editorsReady(page);
  const title = `在途保存 ${id}`;
  const summary = `在途时写的摘要 ${id}`;
  // Hold the first autosave's answer until more has been typed.
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  let calls = 0;
  await page.route("**/resources/case-drafts", async (route) => {
    calls += 1;
    if (calls === 1) await held;
    await route.continue();
  });
  await page.locator('input[name="title"]').click();
  await page.keyboard.type(title);
  await expect.poll(() => calls, { timeout: 10_000 }).toBe(1);
  await page.locator('textarea[name="summary"]').click();
  await page.keyboard.type(summary);
  await page.waitForTimeout(2_000); // past the autosave's pause, while the first save is still held
  const second = page.waitForResponse(
    (r) =>
      new URL(r.url()).pathname === "/resources/case-drafts" &&
      r.status() === 200 &&
      (r.request().postDataBuffer()?.toString("utf8") ?? "").includes(summary),
    { timeout: 15_000 },
  );
  release();
  await second;
  expect(calls).toBe(2);
});

// On a slow phone the form is there seconds before its script. React's hydration put a textarea
// that had text back to the server's text, a section's plain box gave way to an editor holding
// the stored section, and no handler heard the early edits, so nothing was autosaved either.
test("edits made before the page is interactive are kept, moved into the editor and autosaved", async ({ page }) => {
  test.setTimeout(120_000);
  await logInVerified(page);
  const id = unique();
  const editUrl = await startDraft(page, `早输入测试 ${id}`);
  const stored = nextAutosave(page, 200);
  await page.locator('textarea[name="summary"]').fill(`原来的摘要 ${id}`);
  await typeInSection(page, "background", `原来的背景 ${id}`);
  await stored;

  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const script = /\/entry\.client-[^/]*\.js$/;
  await page.route(script, async (route) => {
    await held;
    await route.continue();
  });
  // Any POST of the page itself is the form submitted: nobody pressed Save. (The section's box
  // had the focus when the editor replaced it: its blur was validated by a submission that
  // nothing stopped, and the browser POSTed the form: stray-intent-submits.ts.)
  const pagePosts: string[] = [];
  page.on("request", (r) => r.method() === "POST" && r.resourceType() === "document" && pagePosts.push(r.url()));
  await page.goto(editUrl, { waitUntil: "domcontentloaded" });
  const summary = page.locator('textarea[name="summary"]');
  await expect(summary).toHaveValue(`原来的摘要 ${id}`);
  await summary.fill(`早改的摘要 ${id}`);
  await page.locator('textarea[name="backgroundText"]').fill(`早改的背景 ${id}`);
  const autosaved = nextAutosave(page, 200);
  release();
  await editorsReady(page);
  await expect(summary).toHaveValue(`早改的摘要 ${id}`);
  await expect(section(page, "background").editor).toHaveText(`早改的背景 ${id}`);
  await autosaved;
  expect(pagePosts).toEqual([]);

  // What the server kept: a fresh load of the draft.
  await page.unroute(script);
  await page.goto(editUrl);
  await editorsReady(page);
  await expect(summary).toHaveValue(`早改的摘要 ${id}`);
  expect(await sectionDocText(page, "background")).toBe(`早改的背景 ${id}`);
});
