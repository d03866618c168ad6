import type { ResolvedPos } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { findMentionMatch, mentionPrefixAllowed } from "./mention-trigger.ts";

/** The cursor at the end of a text node holding `text` (what the matcher reads), starting at position 1. */
function at(text: string) {
  const $position = { pos: 1 + text.length, nodeBefore: { isText: true, text } } as unknown as ResolvedPos;
  return findMentionMatch({
    char: "@",
    allowSpaces: false,
    allowToIncludeChar: false,
    allowedPrefixes: [" "],
    startOfLine: false,
    $position,
  });
}

describe("mention trigger", () => {
  it("opens after Chinese punctuation and text, not only after a space", () => {
    expect(at("你好，@李")?.query).toBe("李");
    expect(at("谢谢@王")?.query).toBe("王");
    expect(at("请看（@zhang")?.query).toBe("zhang");
    expect(at("问题。@li")?.query).toBe("li");
    expect(at("hello @li")?.query).toBe("li");
    expect(at("@li")?.query).toBe("li");
    expect(at("(@li")?.query).toBe("li");
    // A rare hanzi outside the BMP (a surrogate pair) before @.
    expect(at("𠀀@li")?.query).toBe("li");
  });

  it("the range covers exactly the @query typed, after the prefix", () => {
    const m = at("你好，@李")!;
    expect(m.text).toBe("@李");
    expect(m.range).toEqual({ from: 1 + 3, to: 1 + 5 });
  });

  it("does not open inside an email address or a word", () => {
    expect(at("mail me at li@example")).toBeNull();
    expect(at("abc@d")).toBeNull();
    expect(at("v1.2@x")).toBeNull();
    expect(at("a_b@x")).toBeNull();
    expect(mentionPrefixAllowed("a")).toBe(false);
    expect(mentionPrefixAllowed("，")).toBe(true);
    expect(mentionPrefixAllowed("李")).toBe(true);
  });
});
