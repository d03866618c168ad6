// List filters follow the address: after a client-side navigation to the same
// list with other (or no) filters, each filter shows what the page lists, not
// what was chosen before.
import { expect, test } from "@playwright/test";
import { strings } from "./lib/cases.ts";

const common = strings("zh-CN", "common");
const cases = strings("zh-CN", "cases");

test("the case list's province and industry filters reset when the header leads back to all cases", async ({
  page,
}) => {
  await page.goto("/cases");
  const province = page.locator("select#f-province");
  const industry = page.locator("select#f-industry");
  await expect(province).toHaveValue("");
  // Wait for hydration so the filter form and the header link navigate on the client.
  await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
  await province.selectOption("zhejiang");
  await industry.selectOption({ index: 1 });
  const chosenIndustry = await industry.inputValue();
  const sort = page.locator("select#f-sort");
  const defaultSort = await sort.inputValue();
  await sort.selectOption({ index: 1 });
  await page.locator("main form").filter({ has: province }).getByRole("button", { name: cases.list.apply }).click();
  await expect(page).toHaveURL(/[?&]province=zhejiang/);
  await expect(page).toHaveURL(new RegExp(`[?&]industry=${chosenIndustry}`));

  await page.getByRole("banner").getByRole("link", { name: common.nav.cases, exact: true }).click();
  await expect(page).toHaveURL(/\/cases$/);
  await expect(province).toHaveValue("");
  await expect(industry).toHaveValue("");
  await expect(sort).toHaveValue(defaultSort);
});
