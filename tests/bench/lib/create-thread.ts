// Adds a 200-comment discussion to a case, through the comment and vote models
// (createComment, toggleHelpful) the discussion form uses, and starts a session
// for a reader who is not its author (the signed-in page the benchmark loads).
//
//   RATE_LIMITS=false node --import tsx tests/bench/lib/create-thread.ts CASE_ID
//
// Prints one line of JSON: { cookie } (the reader's "name=value" session cookie).
// The shape is issue 4's: 50 top-level comments, 150 replies, all on the first
// page; some chains go deeper than the nesting depth so "replying to" shows too.
import crypto from "node:crypto";
import type { JSONContent } from "@tiptap/core";
import { createComment, parseCommentInput } from "../../../app/models/comment.server.ts";
import { toggleHelpful, VoteError } from "../../../app/models/reaction.server.ts";
import { createUser } from "../../../app/models/user.server.ts";
import { startSession } from "../../../app/auth/session.server.ts";
import { dbReady, prisma } from "../../../app/utils/db.server.ts";

const MEMBERS = 20;
const TOP_LEVEL = 50;

const LINES = [
  "我们基地也在做海外仓，想请教一下前期投入大概是多少？",
  "公共服务平台的运营经费是政府补贴还是企业付费？我们这边还在摸索。",
  "跨境电商培训的效果怎么评估？有没有跟踪企业的出口数据？",
  "团体标准的制定周期有多长？行业协会和龙头企业是怎么分工的？",
  "这个做法在中西部地区能复制吗？物流成本会不会高很多？",
  "我们去年也组织企业参加境外展会，订单转化率大约是百分之十五。",
  "数字化改造以后，中小企业的接单能力确实提升明显，值得推广。",
  "建议补充一下海关便利化措施的具体流程，很多基地都关心这个。",
];

/** Checked like a posted form: parseCommentInput runs the editor's validator. */
function body(i: number, mention: string | null): JSONContent {
  return parseCommentInput({ body: JSON.stringify(rawBody(i, mention)) });
}

function rawBody(i: number, mention: string | null): JSONContent {
  const a = LINES[i % LINES.length]!;
  const b = LINES[(i * 3 + 1) % LINES.length]!;
  const first: JSONContent[] = [{ type: "text", text: a }];
  if (mention) first.unshift({ type: "mention", attrs: { id: mention, label: mention } }, { type: "text", text: " " });
  return {
    type: "doc",
    content: [
      { type: "paragraph", content: first },
      {
        type: "paragraph",
        content: [
          { type: "text", text: `（第 ${i + 1} 条）`, marks: [{ type: "bold" }] },
          { type: "text", text: b },
        ],
      },
    ],
  };
}

/** Replies under top-level comment `i`: a chain of 2, 3 or 4 (deeper than NEST_DEPTH). 10×4 + 10×2 + 30×3 = 150. */
const chainLength = (i: number) => (i % 5 === 0 ? 4 : i % 5 === 1 ? 2 : 3);

async function main(caseId: string) {
  await dbReady();
  const stamp = crypto.randomBytes(3).toString("hex");
  const members = [];
  for (let m = 0; m < MEMBERS; m++) {
    const username = `bench_m${m}_${stamp}`;
    const { id } = await createUser({
      username,
      email: `${username}@example.test`,
      displayName: `基准成员${m}`,
      password: crypto.randomBytes(18).toString("base64url"),
      emailVerified: true,
    });
    const user = await prisma.user.findUniqueOrThrow({
      where: { id },
      select: { id: true, role: true, createdAt: true, displayName: true, username: true },
    });
    members.push({ ...user, emailVerified: true });
  }
  // Distinct creation times keep "oldest first" deterministic.
  const start = Date.now() - 3 * 24 * 3600 * 1000;
  let n = 0;
  const at = () => new Date(start + n++ * 60_000);
  const ids: string[] = [];
  for (let i = 0; i < TOP_LEVEL; i++) {
    const author = members[i % MEMBERS]!;
    const top = await createComment({ caseId, actor: author, doc: body(n, null), now: at() });
    ids.push(top.id);
    let parent = top.id;
    for (let d = 0; d < chainLength(i); d++) {
      const replier = members[(i + d + 1) % MEMBERS]!;
      const mention = d === 0 ? author.username : null;
      const reply = await createComment({ caseId, actor: replier, doc: body(n, mention), parentId: parent, now: at() });
      ids.push(reply.id);
      parent = reply.id;
    }
  }
  // Votes: every third comment gets a few, so counts and "voted" states vary.
  for (let k = 0; k < ids.length; k += 3) {
    for (let v = 1; v <= 1 + (k % 4); v++) {
      // Members cannot vote for their own comments (VoteError "forbidden"): skip those.
      await toggleHelpful(members[(k + v * 7) % MEMBERS]!, "comment", ids[k]!).catch((e: unknown) => {
        if (!(e instanceof VoteError)) throw e;
      });
    }
  }
  const reader = members[MEMBERS - 1]!;
  const setCookie = await startSession(reader.id, { secure: false });
  return { cookie: setCookie.split(";")[0]!, comments: ids.length };
}

const caseId = process.argv[2];
if (!caseId) {
  console.error("usage: node --import tsx tests/bench/lib/create-thread.ts CASE_ID");
  process.exit(2);
}
main(caseId)
  .then((out) => process.stdout.write(`${JSON.stringify(out)}\n`))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
