import { describe, expect, it } from "vitest";
import { leaveToBrowser } from "./native-navigation-while-loading.ts";

const ORIGIN = "http://127.0.0.1:3000";

/** Just enough of a clicked element for `closest("a[href]")`: inside a link to `href`, or not in a link. */
function clicked(href: string | null): EventTarget {
  const a = { getAttribute: (name: string) => (name === "href" ? href : null) };
  return { closest: (selector: string) => (selector === "a[href]" && href !== null ? a : null) } as never;
}

describe("leaveToBrowser", () => {
  it("leaves a link to another page of the site to the browser while the router loads", () => {
    expect(leaveToBrowser(clicked("/bases/x"), true, ORIGIN)).toBe(true);
    expect(leaveToBrowser(clicked(`${ORIGIN}/cases/y/adoption`), true, ORIGIN)).toBe(true);
  });

  it("leaves every click to the app's handlers once the router has loaded", () => {
    expect(leaveToBrowser(clicked("/bases/x"), false, ORIGIN)).toBe(false);
  });

  it("keeps clicks that load nothing here with their handlers: buttons, same-page anchors, other sites", () => {
    expect(leaveToBrowser(clicked(null), true, ORIGIN)).toBe(false);
    expect(leaveToBrowser(clicked("#adoptions"), true, ORIGIN)).toBe(false);
    expect(leaveToBrowser(clicked("https://example.org/"), true, ORIGIN)).toBe(false);
    expect(leaveToBrowser(null, true, ORIGIN)).toBe(false);
  });
});
