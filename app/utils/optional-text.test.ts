import { describe, expect, it } from "vitest";
import { z } from "zod";
import { optionalText } from "./optional-text.ts";

const schema = z.object({ note: optionalText(5, "tooLong") });

describe("optionalText", () => {
  it("reads only spaces as no value", () => {
    expect(schema.parse({ note: "   " })).toEqual({});
    expect(schema.parse({})).toEqual({});
  });
  it("trims and keeps text within the limit", () => {
    expect(schema.parse({ note: " abc " })).toEqual({ note: "abc" });
  });
  it("refuses text over the limit with the given message", () => {
    const r = schema.safeParse({ note: "abcdef" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("tooLong");
  });
});
