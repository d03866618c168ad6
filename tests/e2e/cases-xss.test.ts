// Hostile text in every field of a case study and in its author's display name,
// stored through the model code (tests/e2e/lib/create-case.ts) the way the form
// would store it, then shown on every page that displays it. No dialog may open,
// no injected script may run (the vectors set window.__xss), no injected element
// may appear, and the text must be shown literally.
import { expect, test, type Page } from "@playwright/test";
import { xssDocs, xssStrings } from "../fixtures/xss-corpus.ts";
import { createCaseVia, type CreatedCase } from "./lib/case-cli.ts";
import { cliEnv, unique } from "./lib/env.ts";

/** Corpus strings, with alert(1) also swapped for a marker a test can read back without a dialog. */
const marked = (s: string) =>
  s.replaceAll("alert(1)", "window.__xss=1").replaceAll("alert(document.cookie)", "window.__xss=1");
const worst = [
  `<script>alert(1)</script>`,
  `"><img src=x onerror=alert(1)>`,
  `'><svg onload=alert(1)>`,
  `</title><script>alert(1)</script>`,
  `<iframe src="javascript:alert(1)"></iframe>`,
  `<!--<img src="--><img src=x onerror=alert(1)//">`,
];
for (const w of worst) expect(xssStrings).toContain(w);

type Json = Record<string, unknown>;
const p = (text: string): Json => ({ type: "paragraph", content: [{ type: "text", text }] });
const doc = (...content: Json[]): Json => ({ type: "doc", content });
/** The corpus documents that are allowed to be stored (the rest are refused by the validator). */
const inertBlocks = xssDocs
  .filter((d) => d.kind === "case" && d.expect === "inert")
  .flatMap((d) => (d.doc as { content: Json[] }).content);

const id = unique();
const probe = `xssprobe${id}`;
const spec = {
  author: {
    username: `xss_${id}`.slice(0, 30),
    email: `xss-${id}@example.test`,
    displayName: marked(`"><img src=x onerror=alert(1)>`),
  },
  content: {
    title: `${marked(`</title><script>alert(1)</script>`)}${marked(`"><img src=x onerror=alert(1)>`)} ${probe}`,
    titleEn: marked(`'><svg onload=alert(1)>`),
    summary: `${marked(`<iframe src="javascript:alert(1)"></iframe>`)}${marked(`<!--<img src="--><img src=x onerror=alert(1)//">`)} ${probe}`,
    metrics: [
      {
        label: marked(`<script>alert(1)</script>`),
        before: "1",
        after: "2",
        unit: marked(`"><svg onload=alert(1)>`),
        source: marked(`<a href="javascript:alert(1)">点我</a>`),
      },
      {
        label: `</text><script>window.__xss=1</script>`,
        before: "<b>3</b>",
        after: "4 <img src=x onerror=window.__xss=1>",
        unit: `]]><svg onload=window.__xss=1>`,
        source: "",
      },
    ],
    sections: {
      background: doc(...xssStrings.map((s) => p(marked(s))), p(probe)),
      approach: doc(...inertBlocks),
      results: doc(...worst.map((s) => p(s))),
      replicability: doc(p(marked(`<style>*{background:url("javascript:alert(1)")}</style>`))),
      lessons: null,
    },
  },
  updates: [
    {
      note: marked(`<script>alert(1)</script>`),
      content: {
        summary: `${marked(`'><svg onload=alert(1)>`)} ${probe}`,
        sections: {
          background: doc(
            p(marked(`<img src="x" onerror="alert(document.cookie)">`)),
            ...xssStrings.slice(3).map((s) => p(marked(s))),
            p(probe),
          ),
        },
      },
    },
  ],
};

let created: CreatedCase;

test.beforeAll(() => {
  created = createCaseVia(spec as never, cliEnv());
});

/** Fails the test on any dialog; returns a check that nothing ran and nothing was injected. */
function guard(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return async (where: string) => {
    await page.waitForLoadState("networkidle");
    expect(dialogs, `no dialog on ${where}`).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
      `no injected script ran on ${where}`,
    ).toBeUndefined();
    const injected = await page.evaluate(() =>
      [
        ...document.querySelectorAll(
          'body img[src="x"], body iframe, body [onerror], body [onload], body [onmouseover], body [onclick], body a[href^="javascript:" i]',
        ),
        // (The page's own data script carries the strings JSON-escaped; window.__xss above shows none ran.)
        ...[...document.querySelectorAll('body script:not([nonce]):not([type="application/ld+json"])')],
        // A JSON-LD data block never runs, but it must stay one JSON value with no raw "<" that could close it.
        ...[...document.querySelectorAll('script[type="application/ld+json"]')].filter((s) => {
          const text = s.textContent ?? "";
          try {
            JSON.parse(text);
          } catch {
            return true;
          }
          return text.includes("<");
        }),
        ...[...document.querySelectorAll("body style")].filter((s) => s.textContent?.includes("javascript:")),
      ].map((e) => e.outerHTML.slice(0, 120)),
    );
    expect(injected, `no injected element on ${where}`).toEqual([]);
  };
}

test("hostile text in a case and a display name stays text on every page that shows it", async ({ page }) => {
  test.setTimeout(90_000);
  const check = guard(page);
  const title = spec.content.title;
  const displayName = spec.author.displayName;

  // The case page, in both languages (the English one shows the hostile English title).
  await page.goto(`/cases/${created.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator(".case-summary")).toHaveText(spec.updates[0]!.content.summary);
  await expect(page).toHaveTitle(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  await expect(page.locator(".case-facts")).toContainText(displayName);
  const metricsTable = page.locator(".case-metrics tbody");
  await expect(metricsTable).toContainText(spec.content.metrics[0]!.label);
  await expect(metricsTable).toContainText(spec.content.metrics[1]!.label);
  await expect(metricsTable).toContainText(spec.content.metrics[1]!.after);
  await expect(page.locator("figure.metrics-chart svg")).toContainText(spec.content.metrics[0]!.label.slice(0, 20));
  const background = page.locator("#section-background").locator("xpath=..");
  for (const s of xssStrings.slice(3).filter((x) => /^[\x20-\x7e]+$/.test(x)))
    await expect(background).toContainText(marked(s));
  await expect(page.locator("#section-results").locator("xpath=..")).toContainText(`<script>alert(1)</script>`);
  await check("the case page");
  await page.goto(`/cases/${created.slug}?lang=en`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(spec.content.titleEn);
  await check("the English case page");
  await page.goto(`/cases/${created.slug}?lang=zh-CN`);

  // The list of cases (newest first).
  await page.goto("/cases");
  await expect(page.getByRole("main")).toContainText(title);
  await check("/cases");

  // The history, with the diff between the two revisions.
  await page.goto(`/cases/${created.slug}/history`);
  await expect(page.locator("section.diff")).toBeVisible();
  await expect(page.locator("section.diff ins").first()).toBeVisible();
  await expect(page.locator("section.diff")).toContainText("<img");
  await expect(page.locator(".history-form tbody")).toContainText(spec.updates[0]!.note);
  await expect(page.locator(".history-form tbody")).toContainText(displayName);
  await check("the history diff");

  // Search, once the index has the case (the server's job worker applies the outbox).
  await expect(async () => {
    await page.goto(`/search?q=${probe}`);
    await expect(page.locator(`main a[href="/cases/${created.slug}"]`).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.locator(`main a[href="/cases/${created.slug}"]`).first()).toContainText(
    "<img src=x onerror=window.__xss=1>",
  );
  await check("the search page");

  // The author's profile and the base page.
  await page.goto(`/u/${created.username}`);
  await expect(page.getByRole("main")).toContainText(displayName);
  await expect(page.getByRole("main")).toContainText(title);
  await check("the profile");
  await page.goto(`/bases/${created.baseSlug}`);
  await expect(page.getByRole("main")).toContainText(title);
  await expect(page.getByRole("main")).toContainText(displayName);
  await check("the base page");
});
