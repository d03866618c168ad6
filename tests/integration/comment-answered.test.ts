// Comment.answeredAt (issue 11 point 7): the comment model keeps, on a top-level
// comment, when someone other than its author first replied visibly; a reply
// that is deleted or hidden no longer answers it, and showing it again does.
// /insights counts unanswered questions from this column (ADR 027).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { createComment, deleteComment, parseCommentInput, setCommentHidden } from "~/models/comment.server.ts";
import { createTestBase } from "../helpers/bases.ts";
import { createPostingMember } from "../helpers/users.ts";

const person = (role: "member" | "moderator" = "member", baseId?: string) => createPostingMember({ role, baseId });

let caseId = "";
let asker: Awaited<ReturnType<typeof person>>;
let other: Awaited<ReturnType<typeof person>>;
let third: Awaited<ReturnType<typeof person>>;
let mod: Awaited<ReturnType<typeof person>>;

const say = (who: typeof asker, text: string, parentId?: string, now?: Date) =>
  createComment({ caseId, actor: who, doc: parseCommentInput({ text }), parentId, now });
const answeredAt = async (id: string) =>
  (await prisma.comment.findUniqueOrThrow({ where: { id }, select: { answeredAt: true } })).answeredAt;

beforeAll(async () => {
  const base = await createTestBase();
  const author = await person("member", base.id);
  const content = { ...emptyContent(), title: "回答测试案例", summary: "s", baseId: base.id, stage: "pilot" as const };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  await publishCase(d.id, { ...author, role: "member" }, content, { expectedVersion: d.draftVersion });
  caseId = d.id;
  asker = await person();
  other = await person();
  third = await person();
  mod = await person("moderator");
});

describe("answeredAt", () => {
  it("stays empty for the author's own replies and is set by the first reply of someone else", async () => {
    const q = await say(asker, "问题：这个平台怎么收费？");
    expect(await answeredAt(q.id)).toBeNull();
    await say(asker, "补充一下背景。", q.id);
    expect(await answeredAt(q.id)).toBeNull();
    const r1 = await say(other, "我们是按年付费的。", q.id, new Date(Date.now() - 1000));
    expect(await answeredAt(q.id)).toEqual(r1.createdAt);
    // A later reply of a third person does not move it; a nested reply counts too (same root).
    await say(third, "我们也是。", r1.id);
    expect(await answeredAt(q.id)).toEqual(r1.createdAt);
  });

  it("follows hiding and deleting of the answering reply", async () => {
    const q = await say(asker, "问题：有没有政府补贴？");
    const r1 = await say(other, "有，按出口额补贴。", q.id, new Date(Date.now() - 2000));
    const r2 = await say(third, "我们这里没有。", q.id, new Date(Date.now() - 1000));
    expect(await answeredAt(q.id)).toEqual(r1.createdAt);
    await setCommentHidden(r1.id, mod, true, "off-topic");
    expect(await answeredAt(q.id)).toEqual(r2.createdAt);
    await deleteComment(r2.id, third);
    expect(await answeredAt(q.id)).toBeNull();
    await setCommentHidden(r1.id, mod, false, "back");
    expect(await answeredAt(q.id)).toEqual(r1.createdAt);
  });
});
