// mixedWords(): the index words a typed Latin prefix may begin that the typo vocabulary lacks
// (postgres.server.ts prefixWords). Jieba's file is read once per process; an added term joins
// the list without reading it again.
import fs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { addTerms, jiebaDictPath, mixedWords } from "./segment.ts";

describe("mixedWords", () => {
  it("holds jieba's letter-led Chinese words, folded, and added terms, reading the dictionary once", () => {
    const read = vi.spyOn(fs, "readFileSync");
    const reads = () => read.mock.calls.filter(([file]) => file === jiebaDictPath()).length;
    try {
      const first = mixedWords();
      expect(first).toContain("4s店"); // "4S店" and "4s店" in jieba's file, folded to one
      expect(first).toContain("aa制");
      expect(first).not.toContain("跨境电商"); // Chinese-led: the vocabulary's side, not this list's
      expect(first).not.toContain("b2b跨境直播间");
      expect(reads()).toBe(1);

      addTerms(["B2B跨境直播间"]);
      const second = mixedWords();
      expect(second).toContain("b2b跨境直播间");
      expect(second).toContain("4s店");
      expect(reads()).toBe(1); // the dictionary's words kept, not read again for a new term
      expect(mixedWords()).toBe(second); // unchanged terms: the same list
    } finally {
      read.mockRestore();
    }
  });
});
