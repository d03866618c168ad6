// Steps the case-study browser tests share: the UI strings of either language,
// the form's fields (found by their names, the same in both languages), a
// section's editor and toolbar, and waiting for the autosave.
import fs from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page, type Response } from "@playwright/test";
import { ROOT } from "./app-server.ts";

type Strings = Record<string, any>;

/** The UI strings of a namespace, as the app ships them (app/i18n/locales). */
export function strings(
  locale: "zh-CN" | "en",
  ns: "cases" | "editor" | "common" | "discussion" | "adoption" | "insights" | "writing" | "errors",
): Strings {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "app/i18n/locales", locale, `${ns}.json`), "utf8")) as Strings;
}

/** An i18next template ("Saved at {{time}}") as a pattern, with the placeholders matching anything. */
export function templateRe(template: string): RegExp {
  const parts = template.split(/\{\{\w+\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join(".*"));
}

export type SectionName = "background" | "approach" | "results" | "replicability" | "lessons";

/** The field of one section: label, toolbar, editor surface, hidden JSON input. */
export function section(page: Page, name: SectionName) {
  const field = page.locator(".section-field").filter({ has: page.locator(`input[type="hidden"][name="${name}"]`) });
  return {
    field,
    editor: field.locator('.ProseMirror[contenteditable="true"]'),
    toolbar: field.getByRole("toolbar"),
    hidden: field.locator(`input[type="hidden"][name="${name}"]`),
    fileInput: field.locator('input[type="file"]'),
    button: (label: string) => field.getByRole("toolbar").getByRole("button", { name: label, exact: true }),
  };
}

/** Waits until every section editor has loaded (the page posts JSON, not the fallback). */
export async function editorsReady(page: Page): Promise<void> {
  await expect(page.locator(".section-field .ProseMirror[contenteditable='true']")).toHaveCount(5, { timeout: 20_000 });
}

/** Clicks into a section's editor (at its end) and types, like a user. */
export async function typeInSection(page: Page, name: SectionName, text: string): Promise<void> {
  const s = section(page, name);
  await s.editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

/** The text of the section's stored document (what the form posts). */
export async function sectionDocText(page: Page, name: SectionName): Promise<string> {
  const raw = await section(page, name).hidden.inputValue();
  const out: string[] = [];
  const walk = (n: { text?: string; content?: unknown[] }) => {
    if (typeof n.text === "string") out.push(n.text);
    for (const c of (n.content ?? []) as (typeof n)[]) walk(c);
  };
  walk(JSON.parse(raw) as { content?: unknown[] });
  return out.join("");
}

/** Resolves with the next answer of the autosave endpoint (start waiting before the edit). */
export function nextAutosave(page: Page, status?: number): Promise<Response> {
  return page.waitForResponse(
    (r) =>
      new URL(r.url()).pathname === "/resources/case-drafts" &&
      r.request().method() === "POST" &&
      (status === undefined || r.status() === status),
    { timeout: 15_000 },
  );
}

export function saveStatus(page: Page): Locator {
  return page.locator("#case-save-status");
}

/** Fills what publishing needs besides the sections. */
export async function fillBasics(
  page: Page,
  v: {
    title: string;
    summary: string;
    periodStart?: string;
    periodEnd?: string;
    stage?: "pilot" | "implemented" | "scaled";
  },
): Promise<void> {
  await page.locator('input[name="title"]').fill(v.title);
  await page.locator('textarea[name="summary"]').fill(v.summary);
  await page.locator('input[name="topics"]').first().check();
  await page.locator(`input[name="stage"][value="${v.stage ?? "implemented"}"]`).check();
  await page.locator('input[name="periodStart"]').fill(v.periodStart ?? "2021");
  if (v.periodEnd) await page.locator('input[name="periodEnd"]').fill(v.periodEnd);
}

/** Opens /cases/new, gives the draft a title, waits for the first autosave and goes to the draft's edit page. */
export async function startDraft(page: Page, title: string, query = ""): Promise<string> {
  await page.goto(`/cases/new${query}`);
  await editorsReady(page);
  const saved = nextAutosave(page, 200);
  await page.locator('input[name="title"]').fill(title);
  const body = (await (await saved).json()) as { slug: string };
  expect(body.slug).toBeTruthy();
  const editUrl = `/cases/${body.slug}/edit${query}`;
  await page.goto(editUrl);
  await editorsReady(page);
  await expect(page.locator('input[name="title"]')).toHaveValue(title);
  return editUrl;
}

/** A slug of a published case, from the first link on /cases. */
export async function firstCaseSlug(page: Page): Promise<string> {
  await page.goto("/cases");
  const hrefs = await page
    .locator('main a[href^="/cases/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const slug = hrefs.map((h) => /^\/cases\/([^/?#]+)$/.exec(h)?.[1]).find((s) => s && s !== "new" && s !== "drafts");
  expect(slug, "the demo data has a published case").toBeTruthy();
  return slug!;
}

/**
 * Selects `text` inside the first text node of `element`, as a reader's drag would (to quote it).
 * A locator's evaluate finds the element and then runs in it in two steps: when a page replaces that
 * part of the document in between (a member's comment list becomes React elements right after
 * hydration, ADR 061), the selection lands in a detached copy and is empty. A reader sees their
 * selection; so does this helper, which selects again until it holds the text.
 */
export async function selectText(element: Locator, text: string): Promise<void> {
  await expect(async () => {
    const selected = await element.evaluate((el, q) => {
      const node = el.firstChild!;
      const start = node.textContent!.indexOf(q);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + q.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      return window.getSelection()!.toString();
    }, text);
    expect(selected).toBe(text);
  }).toPass({ timeout: 10_000 });
}
