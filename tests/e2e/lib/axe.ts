// axe-core's WCAG 2.1 A and AA checks, one way for every browser test. axe finds only
// part of the problems (no substitute for a keyboard and a screen reader), but what it
// finds is real.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeFinding {
  rule: string;
  impact?: string | null;
  help: string;
  nodes: string[];
}

/**
 * The page's violations (the first three elements of each). Only violations are
 * detailed: axe otherwise builds the full node list of every passed, incomplete and
 * inapplicable rule too, which nobody reads here (axe's `resultTypes` option).
 */
export async function axeViolations(page: Page, opts: { include?: string } = {}): Promise<AxeFinding[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS).options({ resultTypes: ["violations"] });
  if (opts.include) builder = builder.include(opts.include);
  const results = await builder.analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}

/** Records the page's violations as a soft failure: the test goes on, and fails at its end. */
export async function expectNoAxeViolations(page: Page, what: string, opts: { include?: string } = {}) {
  expect.soft(await axeViolations(page, opts), `axe violations on ${what}`).toEqual([]);
}
