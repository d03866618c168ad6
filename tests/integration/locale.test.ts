// The header's language switch: a member's choice is saved in their settings
// (which outrank the cookie), so every later page is in that language.
import { describe, expect, it } from "vitest";
import * as localeRoute from "~/routes/resources.locale/route.tsx";
import * as root from "~/root.tsx";
import { prisma } from "~/utils/db.server.ts";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

describe("language switch", () => {
  it("saves a member's language, sets the cookie and returns to the page", async () => {
    const u = await createTestUser({ locale: "zh-CN" });
    const cookie = await cookieFor(u.id);
    const res = await callRoute(localeRoute.action, {
      path: "/resources/locale",
      cookie,
      form: { locale: "en", redirectTo: "/cases?topic=logistics" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/cases?topic=logistics");
    expect(res.headers.get("set-cookie")).toContain("lang=en");
    expect((await prisma.user.findUnique({ where: { id: u.id }, select: { locale: true } }))?.locale).toBe("en");
    // The next page, even with a Chinese lang cookie and browser, is in English.
    const page = await callRoute(root.loader, {
      path: "/",
      cookie: `${cookie}; lang=zh-CN`,
      headers: { "Accept-Language": "zh-CN" },
    });
    expect(page.data.locale).toBe("en");
  });

  it("refuses unknown languages and off-site return addresses", async () => {
    const u = await createTestUser();
    const cookie = await cookieFor(u.id);
    expect(
      (await callRoute(localeRoute.action, { path: "/resources/locale", cookie, form: { locale: "fr" } })).status,
    ).toBe(400);
    const res = await callRoute(localeRoute.action, {
      path: "/resources/locale",
      cookie,
      form: { locale: "en", redirectTo: "//evil.example" },
    });
    expect(res.headers.get("location")).toBe("/");
  });

  it("sends visitors to log in", async () => {
    const res = await callRoute(localeRoute.action, { path: "/resources/locale", form: { locale: "en" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});
