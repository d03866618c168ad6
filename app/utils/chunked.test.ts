import { describe, expect, it } from "vitest";
import { chunked, countInChunks, findInChunks, IDS_PER_STATEMENT } from "./chunked.ts";

describe("chunked id lists", () => {
  it("cuts a list into chunks of at most the statement limit, keeping order and every item", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => i);
    const chunks = chunked(ids);
    expect(chunks.every((c) => c.length <= IDS_PER_STATEMENT)).toBe(true);
    expect(chunks.flat()).toEqual(ids);
    expect(chunked([])).toEqual([]);
    expect(() => chunked([1], 0)).toThrow(RangeError);
  });

  it("adds up counts and concatenates rows", async () => {
    const ids = Array.from({ length: 1234 }, (_, i) => i);
    expect(await countInChunks(ids, async (c) => ({ count: c.length }))).toBe(1234);
    expect(await findInChunks(ids, async (c) => c.map((x) => x * 2))).toEqual(ids.map((x) => x * 2));
  });
});
