import { describe, expect, it } from "vitest";
import { tFor } from "~/i18n/i18n.server.ts";
import { detailsText } from "./details.ts";

describe("audit details", () => {
  it("translates known keys and values instead of showing raw keys", () => {
    const details = { locale: "en", revision: 3, from: "member", to: "moderator", custom: "x" };
    expect(detailsText(details, tFor("zh-CN"), "：")).toBe("语言：英文；版本：3；原为：成员；改为：版主；custom：x");
    expect(detailsText(details, tFor("en"), ": ")).toBe(
      "Language: English; Revision: 3; From: Member; To: Moderator; custom: x",
    );
  });
});
