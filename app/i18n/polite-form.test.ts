// Issue 12.3: Chinese copy addresses the reader as 您 (government readers expect
// it); 你 and 您 had mixed, even within one mail. Every zh-CN message and the mail
// templates are checked.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const zhDir = path.join(here, "locales", "zh-CN");

describe("Chinese copy uses 您", () => {
  it("in every zh-CN message", () => {
    const offenders = fs
      .readdirSync(zhDir)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(zhDir, f), "utf8")
          .split("\n")
          .filter((line) => line.includes("你"))
          .map((line) => `${f}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it("in the mail templates", () => {
    const mail = fs.readFileSync(path.join(here, "..", "mail", "templates.server.ts"), "utf8");
    expect(mail.includes("你")).toBe(false);
  });
});
