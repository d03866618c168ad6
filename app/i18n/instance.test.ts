import { describe, expect, it } from "vitest";
import { createI18n, TRANSLATION_MEMO_SIZE } from "./instance.ts";

const resources = {
  common: { hello: "你好，{{name}}", items_other: "{{count}} 条", items_one: "{{count}} 条" },
} as never;

describe("createI18n's remembered translations", () => {
  it("answers repeated calls with the same text, and different options with their own", () => {
    const i18n = createI18n("zh-CN", resources);
    const t = i18n.getFixedT("zh-CN", "common");
    expect(t("hello", { name: "甲" })).toBe("你好，甲");
    expect(t("hello", { name: "甲" })).toBe("你好，甲");
    expect(t("hello", { name: "乙" })).toBe("你好，乙");
    expect(t("items", { count: 1 })).toBe("1 条");
    expect(t("items", { count: 2 })).toBe("2 条");
  });

  it("never serves a text added later from the memo", () => {
    const i18n = createI18n("zh-CN", resources);
    expect(i18n.t("later")).toBe("later");
    i18n.addResource("zh-CN", "common", "later", "之后");
    expect(i18n.t("later")).toBe("之后");
  });

  it("passes calls with objects in their options straight through", () => {
    const i18n = createI18n("zh-CN", resources);
    expect(i18n.t("hello", { name: { toString: () => "丙" } as unknown as string })).toBe("你好，丙");
  });

  it("stays bounded when every call differs (names are unbounded)", () => {
    const i18n = createI18n("en", { common: { hi: "Hi {{name}}" } } as never);
    for (let i = 0; i < TRANSLATION_MEMO_SIZE + 10; i++) expect(i18n.t("hi", { name: `n${i}` })).toBe(`Hi n${i}`);
    expect(i18n.t("hi", { name: "n0" })).toBe("Hi n0");
  });
});
