import { describe, expect, it } from "vitest";
import { detectQueryLanguage, detectTextLanguage } from "./language.ts";

describe("detectTextLanguage", () => {
  it("keeps Chinese with acronyms and names Chinese, and English quoting Chinese English", () => {
    expect(detectTextLanguage("陶瓷小微企业共用SaaS接单和ERP排产")).toBe("zh");
    expect(detectTextLanguage("义乌小商品出口企业共建共用公共海外仓")).toBe("zh");
    expect(detectTextLanguage("Pre-cooling and cold chain logistics for fragrant pear exports (库尔勒)")).toBe("en");
  });
  it("has no answer for text without letters", () => {
    expect(detectTextLanguage("")).toBeNull();
    expect(detectTextLanguage("2024 — 35%")).toBeNull();
  });
});

describe("detectQueryLanguage", () => {
  it("names one language only when the query is written in one", () => {
    expect(detectQueryLanguage("认证")).toBe("zh");
    expect(detectQueryLanguage("cold chain logistics")).toBe("en");
    expect(detectQueryLanguage("SaaS 接单")).toBeNull();
    expect(detectQueryLanguage("3 5")).toBeNull();
  });
});
