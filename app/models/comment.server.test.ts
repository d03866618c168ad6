import { describe, expect, it } from "vitest";
import { buildThreads, linkMentions, mentionedUsernames, parseCommentInput, CommentError } from "./comment.server.ts";

const row = (id: string, depth: number, parentId: string | null, rootId: string | null, name = id) => ({
  id,
  caseId: "case1",
  parentId,
  rootId,
  depth,
  body: JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: id }] }] }),
  helpfulCount: 0,
  editedAt: null,
  deletedAt: null,
  hiddenAt: null,
  hiddenReason: null,
  createdAt: new Date(0),
  authorId: `u-${name}`,
  author: { username: name, displayName: `Name ${name}` },
});

describe("buildThreads", () => {
  it("nests to depth 3 and lists deeper replies under their depth-3 ancestor", () => {
    const top = row("a", 0, null, null);
    const chain = [
      row("b", 1, "a", "a"),
      row("c", 2, "b", "a"),
      row("d", 3, "c", "a"),
      row("e", 4, "d", "a"),
      row("f", 5, "e", "a"),
      row("g", 6, "f", "a"),
    ];
    const [thread] = buildThreads([top], chain, null, new Set());
    const d = thread!.children[0]!.children[0]!.children[0]!;
    expect(d.id).toBe("d");
    expect(d.children.map((k) => [k.id, k.replyingTo?.username])).toEqual([
      ["e", "d"],
      ["f", "e"],
      ["g", "f"],
    ]);
    expect(d.children.every((k) => k.children.length === 0)).toBe(true);
  });
});

describe("mentions", () => {
  it("collects mention ids and turns rendered mentions into profile links", () => {
    const doc = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "mention", attrs: { id: "Li_Lei", label: "李雷" } }] }],
    };
    expect(mentionedUsernames(doc)).toEqual(["li_lei"]);
    expect(linkMentions('<p><span class="mention" data-mention-id="li_lei">@李雷 &lt;b&gt;</span></p>')).toBe(
      '<p><a class="mention" href="/u/li_lei">@李雷 &lt;b&gt;</a></p>',
    );
    // Anything else with that class is left alone.
    expect(linkMentions('<span class="mention" data-mention-id="a&quot;b">x</span>')).toContain("<span");
  });
});

describe("parseCommentInput", () => {
  it("takes the editor's JSON, else the textarea's text, and refuses empty or over-long input", () => {
    expect(parseCommentInput({ text: "a\nb" }).content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "a" }, { type: "hardBreak" }, { type: "text", text: "b" }] },
    ]);
    expect(() => parseCommentInput({ text: " \n" })).toThrow(CommentError);
    expect(() => parseCommentInput({ text: "x".repeat(5001) })).toThrow("too-long");
    expect(() =>
      parseCommentInput({ body: '{"type":"doc","content":[{"type":"heading","attrs":{"level":2}}]}' }),
    ).toThrow("invalid");
  });
});
