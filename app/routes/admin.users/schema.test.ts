import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { UserActionSchema } from "./schema.ts";

function post(entries: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) form.append(k, v);
  return parseWithZod(form, { schema: UserActionSchema });
}

describe("UserActionSchema", () => {
  it("reads an unsuspend reason of only spaces as no reason (found by the property test)", () => {
    const result = post({ intent: "unsuspend", userId: "u1", reason: " " });
    expect(result.status).toBe("success");
    if (result.status === "success") expect(result.value).toEqual({ intent: "unsuspend", userId: "u1" });
  });

  it("keeps a real unsuspend reason, trimmed", () => {
    const result = post({ intent: "unsuspend", userId: "u1", reason: "  appeal upheld " });
    expect(result.status === "success" && result.value).toEqual({
      intent: "unsuspend",
      userId: "u1",
      reason: "appeal upheld",
    });
  });

  it("still requires a reason to suspend", () => {
    const result = post({ intent: "suspend", userId: "u1", reason: "  " });
    expect(result.status).toBe("error");
    if (result.status === "error") expect(result.error?.reason).toEqual(["admin:errors.reasonRequired"]);
  });
});
