// Issue 10.2 through the routes: a redirectTo that leaves the site falls back,
// and one with CR, LF or non-Latin-1 characters no longer answers 500 after a
// correct password (losing the new session).
import { describe, expect, it } from "vitest";
import * as login from "~/routes/login/route.tsx";
import * as signup from "~/routes/signup/route.tsx";
import * as verify from "~/routes/verify-email/route.tsx";
import * as follow from "~/routes/resources.follow/route.tsx";
import * as locale from "~/routes/resources.locale/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { TEST_PASSWORD, cookieFor, createTestUser, freshIp } from "../helpers/users.ts";

const LEAVING = ["/\t/evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example"];

async function loginWith(redirectTo: string) {
  const user = await createTestUser();
  return callRoute(login.action, {
    path: "/login",
    form: { login: user.email, password: TEST_PASSWORD, redirectTo },
    headers: { "x-test-ip": freshIp() },
  });
}

describe("redirectTo after login", () => {
  it("never leaves the site", async () => {
    for (const to of LEAVING) {
      const res = await loginWith(to);
      expect(res.status, to).toBe(302);
      expect(res.headers.get("location"), to).toBe("/");
      expect(res.sessionToken, to).toBeTruthy();
    }
  });

  it("keeps the session when the target has CR, LF or characters outside Latin-1", async () => {
    const crlf = await loginWith("/cases\r\nSet-Cookie: x=1");
    expect(crlf.status).toBe(302);
    expect(crlf.headers.get("location")).toBe("/");
    expect(crlf.sessionToken).toBeTruthy();

    const chinese = await loginWith("/search?q=数字化转型#结果");
    expect(chinese.status).toBe(302);
    expect(chinese.headers.get("location")).toBe(
      "/search?q=%E6%95%B0%E5%AD%97%E5%8C%96%E8%BD%AC%E5%9E%8B#%E7%BB%93%E6%9E%9C",
    );
    expect(chinese.sessionToken).toBeTruthy();
  });

  it("the login, sign-up and verify-email pages do not carry a leaving target into their links", async () => {
    const q = `?redirectTo=${encodeURIComponent("/\t/evil.example")}`;
    expect((await callRoute(login.loader, { path: `/login${q}` })).data.redirectTo).toBe("");
    expect((await callRoute(signup.loader, { path: `/signup${q}` })).data.redirectTo).toBe("");
    const user = await createTestUser();
    const page = await callRoute(verify.loader, { path: `/verify-email${q}`, cookie: await cookieFor(user.id) });
    expect(page.data.redirectTo).toBe("");
  });
});

describe("redirectTo on the small forms", () => {
  it("follow and language switch fall back instead of leaving", async () => {
    const user = await createTestUser();
    const cookie = await cookieFor(user.id);
    const f = await callRoute(follow.action, {
      path: "/resources/follow",
      cookie,
      form: { targetType: "topic", targetId: "none", intent: "unfollow", redirectTo: "/\t/evil.example" },
    });
    expect(f.headers.get("location")).toBe("/feed");
    const l = await callRoute(locale.action, {
      path: "/resources/locale",
      cookie,
      form: { locale: "en", redirectTo: "/\\evil.example" },
    });
    expect(l.headers.get("location")).toBe("/");
  });
});
