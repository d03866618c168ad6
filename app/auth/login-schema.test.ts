// Issue 12.3: an empty password on the login form said "请设置密码" (set a password).
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { loginSchema } from "./account-fields.ts";

describe("login form", () => {
  it("asks for the password, not to set one", () => {
    const fd = new FormData();
    fd.set("login", "someone");
    fd.set("password", "");
    const result = parseWithZod(fd, { schema: loginSchema });
    expect(result.status).toBe("error");
    expect(result.reply().error?.password).toEqual(["auth:errors.loginPasswordRequired"]);
  });
});
