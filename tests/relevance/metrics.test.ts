// Hand-computed examples for the relevance metrics.
import { describe, expect, it } from "vitest";
import { dcgAt, gain, idealDcgAt, mean, ndcgAt, recallAt } from "./metrics.ts";

describe("gain", () => {
  it("is 2^rel − 1", () => {
    expect([0, 1, 2, 3].map(gain)).toEqual([0, 1, 3, 7]);
  });
});

describe("dcg and ideal dcg", () => {
  it("discounts by log2(position + 1)", () => {
    // 7/log2(2) + 0/log2(3) + 3/log2(4) = 7 + 0 + 1.5
    expect(dcgAt(["a", "x", "b"], { a: 3, b: 2 }, 10)).toBeCloseTo(8.5, 10);
  });
  it("cuts at k", () => {
    expect(dcgAt(["x", "a"], { a: 3 }, 1)).toBe(0);
  });
  it("the ideal sorts the judged grades and ignores zeros", () => {
    // 7/1 + 3/log2(3) + 1/2
    expect(idealDcgAt({ a: 1, b: 3, c: 2, d: 0 }, 10)).toBeCloseTo(7 + 3 / Math.log2(3) + 0.5, 10);
    expect(idealDcgAt({ a: 1, b: 3, c: 2 }, 1)).toBe(7);
  });
});

describe("ndcg@k", () => {
  it("is 1 for the ideal order and for ties in any order among equal grades", () => {
    expect(ndcgAt(["b", "c", "a"], { a: 1, b: 3, c: 2 })).toBeCloseTo(1, 12);
    expect(ndcgAt(["a", "b"], { a: 2, b: 2 })).toBeCloseTo(1, 12);
  });
  it("a swapped pair, worked by hand", () => {
    // ranked c, b (grades 2, 3): 3/1 + 7/log2(3) = 3 + 4.41650 = 7.41650
    // ideal b, c: 7/1 + 3/log2(3) = 7 + 1.89279 = 8.89279 → 0.83399
    expect(ndcgAt(["c", "b"], { b: 3, c: 2 })).toBeCloseTo((3 + 7 / Math.log2(3)) / (7 + 3 / Math.log2(3)), 12);
    expect(ndcgAt(["c", "b"], { b: 3, c: 2 })).toBeCloseTo(0.834, 3);
  });
  it("the only relevant document at rank 3: 1/log2(4) = 0.5", () => {
    expect(ndcgAt(["x", "y", "a"], { a: 3 })).toBeCloseTo(0.5, 12);
  });
  it("unjudged documents count as 0 and a miss gives 0", () => {
    expect(ndcgAt(["x", "y"], { a: 1 })).toBe(0);
    expect(ndcgAt([], { a: 1 })).toBe(0);
  });
  it("only the first k count, in the ideal too", () => {
    // 11 relevant documents of grade 1, ranked perfectly: the ideal also stops at 10.
    const grades = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`d${i}`, 1]));
    expect(ndcgAt(Object.keys(grades), grades, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(["d10", "d0"], { d0: 3, d10: 3 }, 1)).toBe(1);
  });
  it("refuses a query without relevant judgments", () => {
    expect(() => ndcgAt(["a"], {})).toThrow();
    expect(() => ndcgAt(["a"], { a: 0 })).toThrow();
  });
});

describe("recall@k", () => {
  it("is the share of relevant documents in the first k", () => {
    expect(recallAt(["a", "x", "b"], { a: 3, b: 1, c: 2 }, 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(["a", "x", "b"], { a: 3, b: 1, c: 2 }, 2)).toBeCloseTo(1 / 3, 12);
  });
  it("ignores grade 0 judgments and cannot reach 1 with more than k relevant", () => {
    expect(recallAt(["a"], { a: 1, z: 0 })).toBe(1);
    const grades = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`d${i}`, 1]));
    expect(recallAt(Object.keys(grades), grades, 10)).toBeCloseTo(10 / 12, 12);
  });
});

describe("mean", () => {
  it("averages", () => {
    expect(mean([0.5, 1, 0])).toBeCloseTo(0.5, 12);
    expect(mean([])).toBeNaN();
  });
});
