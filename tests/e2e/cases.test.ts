// Case studies in the browser: writing one with the rich-text editor (formatting,
// a table, an uploaded image), publishing, editing and the revision history;
// publishing with a required section left empty; drafts that survive a failed
// network and a second tab; and a reader page that ships no editor code.
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { demoAccount, logIn } from "./lib/accounts.ts";
import {
  editorsReady,
  fillBasics,
  firstCaseSlug,
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
import { expectNoAxeViolations } from "./lib/axe.ts";

const zh = {
  cases: strings("zh-CN", "cases"),
  editor: strings("zh-CN", "editor"),
  writing: strings("zh-CN", "writing"),
};
const en = { cases: strings("en", "cases"), editor: strings("en", "editor"), writing: strings("en", "writing") };

async function logInVerified(page: Page) {
  const { email, password } = demoAccount("verified member");
  await logIn(page, email, password);
}

test("a verified member writes, publishes and updates a case with formatting, a table and an image", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const id = unique();
  const title = `跨境电商海外仓案例 ${id}`;
  await logInVerified(page);
  await page.goto("/cases/new");
  await editorsReady(page);

  await fillBasics(page, {
    title,
    summary: `义乌基地建设公共海外仓的做法与成效（${id}）。`,
    periodStart: "2021",
    periodEnd: "2023",
  });
  const add = page.getByRole("button", { name: zh.cases.form.metricAdd });
  await add.click();
  // Focus goes to the new row (issue 12.6).
  await expect(page.locator('input[name="metrics[0].label"]')).toBeFocused();
  await add.click();
  await expect(page.locator('input[name="metrics[1].label"]')).toBeFocused();
  const metrics = [
    ["海外仓面积", "2", "8", "万平方米", "基地统计"],
    ["平均配送时效", "12", "4", "天", "企业调查"],
  ];
  for (const [i, row] of metrics.entries()) {
    for (const [j, key] of ["label", "before", "after", "unit", "source"].entries()) {
      await page.locator(`input[name="metrics[${i}].${key}"]`).fill(row[j]!);
    }
  }

  await typeInSection(page, "background", "基地在2021年面临订单下滑的挑战。");

  // Approach: a heading, bold text and a bullet list through the toolbar, then a table.
  const approach = section(page, "approach");
  await approach.editor.click();
  await approach.button(zh.editor.toolbar.heading2).click();
  await page.keyboard.type("实施步骤");
  await page.keyboard.press("Enter");
  await page.keyboard.type("我们先");
  await approach.button(zh.editor.toolbar.bold).click();
  await page.keyboard.type("建设公共海外仓");
  await approach.button(zh.editor.toolbar.bold).click();
  await page.keyboard.type("，再培训企业。");
  await page.keyboard.press("Enter");
  await approach.button(zh.editor.toolbar.bulletList).click();
  await page.keyboard.type("第一项措施");
  await page.keyboard.press("Enter");
  await page.keyboard.type("第二项措施");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await approach.button(zh.editor.toolbar.table).click();
  await expect(approach.editor.locator("table")).toHaveCount(1);
  for (const [i, cell] of ["指标", "前", "后", "仓储面积", "2万", "8万"].entries()) {
    if (i > 0) await page.keyboard.press("Tab");
    await page.keyboard.type(cell);
  }

  // Results: text and an image uploaded through the toolbar's file chooser.
  await typeInSection(page, "results", "配送时效从12天缩短到4天。");
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .png()
    .toBuffer();
  const results = section(page, "results");
  const chooser = page.waitForEvent("filechooser");
  const uploaded = page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/resources/uploads" && r.request().method() === "POST",
  );
  await results.button(zh.editor.toolbar.image).click();
  await (await chooser).setFiles({ name: "warehouse.png", mimeType: "image/png", buffer: png });
  const upload = await uploaded;
  expect(upload.status()).toBeLessThan(300);
  const { url: imageUrl } = (await upload.json()) as { url: string };
  expect(imageUrl).toMatch(/^\/resources\/uploads\/[0-9a-f]{64}\.webp$/);
  // Issue 12.5: the editor asks for a text alternative before the image goes in.
  const altDialog = page.getByRole("dialog", { name: zh.editor.alt.dialogTitle });
  await expect(altDialog).toBeVisible();
  await expect(altDialog.getByLabel(zh.editor.alt.label)).toBeFocused();
  await page.keyboard.type("义乌公共海外仓外景");
  await altDialog.getByRole("button", { name: zh.editor.alt.save }).click();
  await expect(altDialog).toBeHidden();
  await expect(results.editor.locator(`img[src="${imageUrl}"]`)).toHaveAttribute("alt", "义乌公共海外仓外景");

  // A second image whose description is skipped: the editor warns, and so does publishing.
  const chooser2 = page.waitForEvent("filechooser");
  await results.button(zh.editor.toolbar.image).click();
  await (await chooser2).setFiles({ name: "team.png", mimeType: "image/png", buffer: png });
  await expect(altDialog).toBeVisible();
  await altDialog.getByRole("button", { name: zh.editor.alt.skip }).click();
  await expect(results.editor.locator("img")).toHaveCount(2);
  const altWarning = results.field.locator(".rte-warning");
  await expect(altWarning).toHaveText(zh.editor.alt.missing_other.replace("{{count}}", "1"));

  await typeInSection(page, "replicability", "需要地方财政支持和物流合作伙伴。");
  // Let the last autosave land, so publishing does not race it.
  const settled = nextAutosave(page, 200);
  await typeInSection(page, "lessons", "要尽早与海外合作方签约。");
  await settled;

  await page.getByRole("button", { name: zh.cases.form.publish, exact: true }).click();
  await expect(page).toHaveURL(/\/cases\/[^/]+\?published=1$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const notice = page.locator("#published-notice");
  await expect(notice).toBeFocused();
  await expect(notice).toContainText(zh.writing.published.missingAlt_other.replace("{{count}}", "1"));
  await expect(notice.getByRole("link", { name: zh.writing.published.addAlt })).toHaveAttribute(
    "href",
    `/cases/${slug}/edit`,
  );

  // The reader page: formatted HTML, the table, the image, the metrics chart.
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1 })).toHaveText(title);
  const body = page.locator("#section-approach").locator("xpath=..").locator(".rich-text");
  await expect(body.locator("h2, h3, h4").filter({ hasText: "实施步骤" })).toHaveCount(1);
  await expect(body.locator("strong")).toHaveText("建设公共海外仓");
  await expect(body.locator("ul > li")).toHaveText(["第一项措施", "第二项措施"]);
  await expect(body.locator("table th").first()).toHaveText("指标");
  // The toolbar inserts a 3 × 3 table with a header row; the rest of the cells stay empty.
  await expect(body.locator("table tr").nth(1).locator("td")).toHaveText(["仓储面积", "2万", "8万"]);
  const img = page.locator(`.case-section img[src="${imageUrl}"]`).first();
  await expect(img).toHaveAttribute("alt", "义乌公共海外仓外景");
  expect(await img.evaluate((el: HTMLImageElement) => el.decode().then(() => el.naturalWidth))).toBe(320);
  const served = await page.request.get(imageUrl);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/webp");
  expect(served.headers()["cache-control"]).toContain("immutable");
  expect(served.headers()["cache-control"]).toContain("max-age=31536000");
  const chart = page.locator("figure.metrics-chart svg");
  await expect(chart).toHaveCount(1);
  // One row per metric, each with its label (the bars are paths).
  await expect(chart).toContainText("海外仓面积");
  await expect(chart).toContainText("平均配送时效");
  expect(await chart.evaluate((svg) => svg.querySelectorAll("path").length)).toBeGreaterThanOrEqual(4);
  await expect(page.locator(".case-metrics tbody tr")).toHaveCount(2);
  await expect(page.locator(".case-metrics tbody")).toContainText("海外仓面积");

  // Edit: change a sentence and a metric, publish the update with a note.
  await page.goto(`/cases/${slug}/edit`);
  await editorsReady(page);
  const background = section(page, "background");
  await expect(background.editor).toHaveText("基地在2021年面临订单下滑的挑战。");
  // The skipped description, added later: select the image, then "Image description".
  const resultsEdit = section(page, "results");
  await resultsEdit.editor.locator("img").nth(1).click();
  await resultsEdit.button(zh.editor.toolbar.imageAlt).click();
  await expect(altDialog).toBeVisible();
  await altDialog.getByLabel(zh.editor.alt.label).fill("培训企业的现场");
  await altDialog.getByRole("button", { name: zh.editor.alt.save }).click();
  await expect(resultsEdit.editor.locator("img").nth(1)).toHaveAttribute("alt", "培训企业的现场");
  await expect(resultsEdit.field.locator(".rte-warning")).toHaveCount(0);
  await background.editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("基地在2021年面临物流成本上升的挑战。");
  const saved = nextAutosave(page, 200);
  await page.locator('input[name="metrics[1].after"]').fill("3");
  await saved;
  await page.locator('input[name="note"]').fill(`更新配送时效 ${id}`);
  await page.getByRole("button", { name: zh.cases.form.publishUpdate, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${slug}\\?published=2$`));
  await expect(page.locator(".case-section").first()).toContainText("物流成本上升");
  await expect(page.locator("#published-notice .published-warning")).toHaveCount(0);
  await expect(page.locator(".case-section img").nth(1)).toHaveAttribute("alt", "培训企业的现场");
  await expect(page.locator(".case-metrics tbody tr").nth(1)).toContainText("3");

  await page.goto(`/cases/${slug}/history`);
  await expect(page.locator(".history-form tbody tr")).toHaveCount(2);
  await expect(page.locator(".history-form tbody")).toContainText(`更新配送时效 ${id}`);
  const diff = page.locator("section.diff");
  await expect(diff.locator("ins").filter({ hasText: "物流成本上升" })).toHaveCount(1);
  await expect(diff.locator("del").filter({ hasText: "订单下滑" })).toHaveCount(1);
  // The metric change: 4 → 3 days.
  await expect(diff.locator(".diff-field").filter({ hasText: "平均配送时效" }).locator("ins")).toContainText("3");
  await expect(diff.locator(".diff-field").filter({ hasText: "平均配送时效" }).locator("del")).toContainText("4");
});

for (const lang of ["zh-CN", "en"] as const) {
  test(`publishing with a required section empty shows the error and keeps the input (${lang})`, async ({ page }) => {
    const s = lang === "en" ? en : zh;
    const q = lang === "en" ? "?lang=en" : "";
    const id = unique();
    await logInVerified(page);
    await page.goto(`/cases/new${q}`);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await editorsReady(page);
    const v = {
      title: `Empty section ${id}`,
      summary: `Summary ${id}`,
      periodStart: "2020",
      periodEnd: "2022",
      stage: "pilot" as const,
    };
    await fillBasics(page, v);
    const topic = await page.locator('input[name="topics"]').first().getAttribute("value");
    await typeInSection(page, "background", `背景 ${id}`);
    await typeInSection(page, "approach", `做法 ${id}`);
    await typeInSection(page, "results", `结果 ${id}`);
    // "replicability" is required and stays empty.
    const settled = nextAutosave(page, 200);
    await typeInSection(page, "lessons", `经验 ${id}`);
    await settled;

    await page.getByRole("button", { name: s.cases.form.publish, exact: true }).click();
    const field = section(page, "replicability").field;
    await expect(field.getByText(s.cases.errors.sectionRequired)).toBeVisible();
    await expect(page).not.toHaveURL(/published=/);
    // The other required sections are not flagged.
    await expect(page.locator(".section-field").getByText(s.cases.errors.sectionRequired)).toHaveCount(1);
    await expect(section(page, "replicability").editor).toHaveAttribute("aria-invalid", "true");
    // Every required section is marked so, and focus is on the error summary (issue 12.10),
    // whose link takes the author to the empty section.
    await expect(page.locator('.section-field [role="textbox"][aria-required="true"]')).toHaveCount(4);
    await expect(section(page, "lessons").editor).not.toHaveAttribute("aria-required", "true");
    const summary = page.locator("#case-error-summary");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveCount(1);
    await summary.getByRole("link", { name: s.cases.sections.replicability }).click();
    await expect(section(page, "replicability").editor).toBeFocused();
    await expectNoAxeViolations(page, "the case form with errors");

    // Everything typed is still there.
    await expect(page.locator('input[name="title"]')).toHaveValue(v.title);
    await expect(page.locator('textarea[name="summary"]')).toHaveValue(v.summary);
    await expect(page.locator(`input[name="topics"][value="${topic}"]`)).toBeChecked();
    await expect(page.locator('input[name="stage"][value="pilot"]')).toBeChecked();
    await expect(page.locator('input[name="periodStart"]')).toHaveValue("2020");
    await expect(page.locator('input[name="periodEnd"]')).toHaveValue("2022");
    await expect(section(page, "background").editor).toHaveText(`背景 ${id}`);
    await expect(section(page, "approach").editor).toHaveText(`做法 ${id}`);
    await expect(section(page, "results").editor).toHaveText(`结果 ${id}`);
    await expect(section(page, "lessons").editor).toHaveText(`经验 ${id}`);
    expect(await sectionDocText(page, "lessons")).toBe(`经验 ${id}`);

    // Filling it in publishes.
    await typeInSection(page, "replicability", `条件 ${id} `);
    // A link through the editor's own dialog, not window.prompt (issue 12.10).
    const repl = section(page, "replicability");
    await repl.button(s.editor.toolbar.link).click();
    const dialog = page.getByRole("dialog", { name: s.writing.link.dialogTitle });
    await expect(dialog).toBeVisible();
    const url = dialog.getByLabel(s.writing.link.url);
    await expect(url).toBeFocused();
    await url.fill("javascript:alert(1)");
    await dialog.getByRole("button", { name: s.writing.link.save }).click();
    await expect(dialog.getByRole("alert")).toHaveText(s.writing.link.invalid);
    await expectNoAxeViolations(page, "the link dialog");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(repl.editor).toBeFocused();
    await repl.button(s.editor.toolbar.link).click();
    await dialog.getByLabel(s.writing.link.url).fill("example.com/report");
    await dialog.getByLabel(s.writing.link.text).fill(`报告 ${id}`);
    await dialog.getByRole("button", { name: s.writing.link.save }).click();
    await expect(dialog).toBeHidden();
    await expect(repl.editor.getByRole("link", { name: `报告 ${id}` })).toHaveAttribute(
      "href",
      "https://example.com/report",
    );
    await page.getByRole("button", { name: s.cases.form.publish, exact: true }).click();
    await expect(page).toHaveURL(/\/cases\/[^/]+\?published=1$/);
    await expect(page.getByRole("main")).toContainText(`条件 ${id}`);
    // The confirmation is read by the page and has focus.
    await expect(page.locator("#published-notice")).toHaveText(s.writing.published.first);
    await expect(page.locator("#published-notice")).toBeFocused();
  });
}

test("text typed while the network fails comes back from this browser", async ({ page, context }) => {
  const id = unique();
  await logInVerified(page);
  const editUrl = await startDraft(page, `离线草稿 ${id}`);

  // The whole browser is offline: the autosave fails, and so does the last send
  // when the tab closes (a route on this page alone would let that one through).
  await context.setOffline(true);
  await typeInSection(page, "background", `断网时写的内容 ${id}`);
  await expect(saveStatus(page)).toHaveText(zh.cases.form.offline);
  await page.close();

  // The network is back; the server still has the old copy.
  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(editUrl);
  await editorsReady(again);
  await expect(section(again, "background").editor).not.toContainText(`断网时写的内容 ${id}`);
  const banner = again.getByRole("alert").filter({ hasText: templateRe(zh.cases.form.backupFound) });
  await expect(banner).toBeVisible();
  await banner.getByRole("button", { name: zh.cases.form.backupRestore, exact: true }).click();
  await expect(banner).toHaveCount(0);
  await editorsReady(again);
  await expect(section(again, "background").editor).toHaveText(`断网时写的内容 ${id}`);
  await expect(again.locator('input[name="title"]')).toHaveValue(`离线草稿 ${id}`);

  // Saving it now goes through.
  const saved = nextAutosave(again, 200);
  await typeInSection(again, "background", "。");
  await saved;
  await expect(saveStatus(again)).toHaveText(templateRe(zh.cases.form.savedAt));
});

test("a second tab on the same draft gets a conflict warning and overwrites nothing", async ({ page, context }) => {
  const id = unique();
  await logInVerified(page);
  const editUrl = await startDraft(page, `两个标签页 ${id}`);
  const second = await context.newPage();
  await second.goto(editUrl);
  await editorsReady(second);

  const first = nextAutosave(page, 200);
  await typeInSection(page, "background", `第一个标签页 ${id}`);
  await first;

  const refused = nextAutosave(second, 409);
  await typeInSection(second, "background", `第二个标签页 ${id}`);
  await refused;
  await expect(second.getByRole("alert").filter({ hasText: templateRe(zh.cases.form.conflict) })).toBeVisible();
  // The second tab keeps what was typed there.
  await expect(section(second, "background").editor).toHaveText(`第二个标签页 ${id}`);
  // No further autosave from the conflicted tab.
  let later = 0;
  second.on("request", (r) => {
    if (new URL(r.url()).pathname === "/resources/case-drafts") later += 1;
  });
  await typeInSection(second, "background", "……");
  await second.waitForTimeout(2_500);
  expect(later).toBe(0);

  // The server still has the first tab's text.
  const third = await context.newPage();
  await third.goto(editUrl);
  await editorsReady(third);
  await expect(section(third, "background").editor).toHaveText(`第一个标签页 ${id}`);
});

test("the case page ships no editor code and, to readers, no form validation (Zod); the edit page loads the editor", async ({
  browser,
}) => {
  const editorChunk = /editor|tiptap|prosemirror/i;
  const collect = (page: Page) => {
    const urls = new Set<string>();
    page.on("request", (r) => {
      if (r.resourceType() === "script") urls.add(r.url());
    });
    return async () => {
      const preloads = await page
        .locator('link[rel="modulepreload"]')
        .evaluateAll((ls) => ls.map((l) => (l as HTMLLinkElement).href));
      return [...new Set([...urls, ...preloads])];
    };
  };

  // An anonymous reader, and a signed-in member (who gets a comment form, whose editor loads on first focus).
  let slug = "";
  for (const who of ["anonymous", "verified member"] as const) {
    const reader = await browser.newContext();
    const page = await reader.newPage();
    if (who !== "anonymous") await logInVerified(page);
    slug = await firstCaseSlug(page);
    const scripts = collect(page);
    await page.goto(`/cases/${slug}`);
    await page.waitForLoadState("networkidle");
    const readerScripts = await scripts();
    expect(readerScripts.length).toBeGreaterThan(0);
    expect(
      readerScripts.filter((u) => editorChunk.test(new URL(u).pathname)),
      who,
    ).toEqual([]);
    // Nor is the editor bundled into a chunk under another name.
    const bodies: string[] = [];
    for (const url of readerScripts) {
      const body = await (await page.request.get(url)).text();
      bodies.push(body);
      expect(body, `${who}: ${url}`).not.toContain("ProseMirror-hideselection");
      expect(body, `${who}: ${url}`).not.toContain("@tiptap");
    }
    // Zod (the comment form's check) comes with the comment form only: members get it, readers do not.
    const zod = bodies.some((b) => b.includes("ZodError"));
    expect(zod, who).toBe(who !== "anonymous");
    await reader.close();
  }

  const author = await browser.newContext();
  const admin = await author.newPage();
  const { email, password } = demoAccount("admin");
  await logIn(admin, email, password);
  const editScripts = collect(admin);
  await admin.goto(`/cases/${slug}/edit`);
  await editorsReady(admin);
  const loaded = await editScripts();
  const editorScripts = loaded.filter((u) => editorChunk.test(new URL(u).pathname));
  expect(editorScripts.length).toBeGreaterThan(0);
  const bodies = await Promise.all(editorScripts.map(async (u) => (await admin.request.get(u)).text()));
  expect(bodies.some((b) => b.includes("ProseMirror-hideselection"))).toBe(true);
  await author.close();
});

test("publishing while an autosave is still on its way publishes, without a false conflict", async ({ page }) => {
  const id = unique();
  await logInVerified(page);
  const editUrl = await startDraft(page, `自动保存与发布 ${id}`);
  await fillBasics(page, { title: `自动保存与发布 ${id}`, summary: `摘要 ${id}` });
  for (const s of ["background", "approach", "results"] as const) await typeInSection(page, s, `${s} ${id}`);
  const settled = nextAutosave(page, 200);
  await typeInSection(page, "replicability", `replicability ${id}`);
  await settled;

  // The next autosave reaches the server, but its answer is held back while the author clicks Publish.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let reachedServer!: () => void;
  const saved = new Promise<void>((r) => (reachedServer = r));
  await page.route("**/resources/case-drafts", async (route) => {
    const response = await route.fetch();
    reachedServer();
    await held;
    await route.fulfill({ response });
  });
  await typeInSection(page, "lessons", `lessons ${id}`);
  await saved;
  await page.getByRole("button", { name: zh.cases.form.publish, exact: true }).click();
  const outcome = await Promise.race([
    page.waitForURL(/\?published=1$/, { timeout: 10_000 }).then(() => "published"),
    page
      .getByText(zh.cases.errors.conflict)
      .waitFor({ timeout: 10_000 })
      .then(() => "conflict"),
  ]);
  release();
  expect(outcome, `publishing from ${editUrl} while its own autosave was in flight`).toBe("published");
  await expect(page.getByRole("main")).toContainText(`lessons ${id}`);
});
