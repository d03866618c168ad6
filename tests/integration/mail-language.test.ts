// Issue 12.3: the sender's name and Content-Language follow the recipient's language.
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mailDir, senderFor, sendMailJob } from "~/mail/mailer.server.ts";
import { mailTemplates } from "~/mail/templates.server.ts";

describe("mail in the recipient's language", () => {
  it("names the sender in that language, keeping MAIL_FROM's address", () => {
    expect(senderFor("Base Experience Exchange <no-reply@example.gov.cn>", "zh-CN")).toEqual({
      name: "基地经验交流平台",
      address: "no-reply@example.gov.cn",
    });
    expect(senderFor("no-reply@example.gov.cn", "en")).toEqual({
      name: "Base Experience Exchange",
      address: "no-reply@example.gov.cn",
    });
    expect(senderFor("X <a@b.cn>", undefined)).toBe("X <a@b.cn>");
  });

  it("writes From and Content-Language into the message", async () => {
    for (const [locale, name] of [
      ["zh-CN", "=?UTF-8?"],
      ["en", "Base Experience Exchange"],
    ] as const) {
      const messageId = `<lang-${locale}-${Date.now()}@test>`;
      const built = mailTemplates.resetPassword(locale, { name: "Li", url: "http://x/reset" });
      expect(built.locale).toBe(locale);
      await sendMailJob({ to: "li@example.cn", messageId, ...built });
      const safeId = messageId.replace(/[^a-zA-Z0-9]/g, "").slice(0, 60);
      const file = (await fs.readdir(mailDir())).find((f) => f.endsWith(`-${safeId}.eml`))!;
      const eml = await fs.readFile(path.join(mailDir(), file), "utf8");
      expect(eml).toMatch(new RegExp(`^Content-Language: ${locale}$`, "m"));
      const from = /^From: (.*)$/m.exec(eml)![1]!;
      expect(from).toContain(name);
      expect(from).toMatch(/<.+@.+>/);
    }
  });
});
