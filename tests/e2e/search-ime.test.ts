// As-you-type search with an input method (issue 13): while a pinyin IME composes
// ("chuhai" before 出海 is chosen) no search request may leave the page; after
// compositionend exactly one, debounced. Composition through Chrome DevTools
// Protocol (Input.imeSetComposition, then Input.insertText to commit), as the
// editor's IME test does.
import { expect, test } from "@playwright/test";

const STEPS = ["c", "ch", "chu", "chuh", "chuha", "chuhai"];

test("no search while an input method composes, one after it commits", async ({ page }) => {
  await page.goto("/search");
  await page.waitForLoadState("networkidle");
  const input = page.locator("#search-q");
  await input.click();
  const searched: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    // Remix single fetch loads /search.data; a plain form GET /search.
    if ((url.pathname === "/search" || url.pathname === "/search.data") && url.searchParams.has("q"))
      searched.push(url.searchParams.get("q") ?? "");
  });
  const cdp = await page.context().newCDPSession(page);
  for (const text of STEPS) {
    await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
    // Longer than the 300 ms debounce: a search would have gone out by now.
    await page.waitForTimeout(400);
  }
  expect(searched).toEqual([]);
  await cdp.send("Input.insertText", { text: "出海" });
  await expect(input).toHaveValue("出海");
  await expect.poll(() => searched.length, { timeout: 5000 }).toBeGreaterThan(0);
  await page.waitForTimeout(600);
  // Only the committed text is searched. (The last run saw two fetches after the
  // commit, both after the debounce; whether both are for 出海 is what this checks.)
  expect(new Set(searched)).toEqual(new Set(["出海"]));
  await expect(page.locator("#search-status")).not.toContainText("chuhai");
});
