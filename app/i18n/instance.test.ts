import i18next from "i18next";
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

  it("keeps one fixed t per language and namespace, answering as i18next's own does", () => {
    const res = {
      common: { hello: "你好，{{name}}", plain: "平", nested: { a: "甲" } },
      cases: { title: "案例", plain: "案例平" },
    } as never;
    const i18n = createI18n("zh-CN", res);
    const plain = i18next.createInstance();
    void plain.init({
      lng: "zh-CN",
      fallbackLng: false,
      resources: { "zh-CN": res },
      ns: ["common", "cases"],
      defaultNS: "common",
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    // What useTranslation asks for on every render: the same function each time.
    expect(i18n.getFixedT(null, "cases")).toBe(i18n.getFixedT(null, "cases"));
    expect(i18n.getFixedT(null, "cases")).not.toBe(i18n.getFixedT(null, "common"));
    for (const [lng, ns] of [
      [null, "cases"],
      [null, "common"],
      ["zh-CN", "common"],
      [null, ["cases", "common"]],
    ] as const) {
      const ours = i18n.getFixedT(lng, ns as never);
      const theirs = plain.getFixedT(lng, ns as never);
      for (let round = 0; round < 2; round++) {
        for (const key of ["plain", "title", "common:plain", "cases:title", "nested.a", "missing", "hello"]) {
          expect(ours(key), `${String(lng)} ${String(ns)} ${key}`).toBe(theirs(key));
        }
        expect(ours("hello", { name: "乙" })).toBe(theirs("hello", { name: "乙" }));
      }
    }
    i18n.addResource("zh-CN", "cases", "later", "之后");
    expect(i18n.getFixedT(null, "cases")("later")).toBe("之后");
  });
});
