// Properties of every form schema that takes user input (issue 10.13): the
// account forms, settings, affiliation and its review, user administration, the
// discussion's forms and the case form. Posted through readForm and Conform as the
// actions do, with random names and values:
// - nothing throws — a result or field errors (i18n keys), and the reply serializes;
// - an accepted value respects the limits the schema announces (maxLength);
// - where the output is itself a form (no transforms into other types), reading
//   the output posted again gives the same output (idempotence).
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ZodTypeAny } from "zod";
import { emailField, loginSchema, signupSchema, usernameField } from "~/auth/account-fields.ts";
import { checkPassword } from "~/auth/password-policy.server.ts";
import { CaseDraftSchema, CasePublishSchema } from "~/models/case-content.ts";
import { readForm } from "~/utils/form-body.server.ts";
import {
  commentSchema,
  deleteSchema,
  editSchema,
  hideSchema,
  mostUsefulSchema,
  unhideSchema,
  voteSchema,
} from "~/features/discussion/discussion-schemas.ts";
import { localeSchema, notificationsSchema, passwordSchema, profileSchema } from "~/routes/settings/schemas.ts";
import { AffiliationRequestSchema } from "~/routes/affiliation/schema.ts";
import { ReviewSchema } from "~/routes/admin.affiliations/schema.ts";
import { UserActionSchema } from "~/routes/admin.users/schema.ts";
import { z } from "zod";

const KNOWN = [
  "comment",
  "edit",
  "delete",
  "hide",
  "unhide",
  "vote",
  "most-useful",
  "role",
  "suspend",
  "unsuspend",
  "approve",
  "reject",
  "profile",
  "locale",
  "notifications",
  "password",
  "browser",
  "zh-CN",
  "en",
  "member",
  "moderator",
  "ministry",
  "admin",
  "case",
  "pilot",
  "implemented",
  "scaled",
  "on",
  "1",
  "logistics",
  "yiwu-base",
  "2022",
];
const value = fc.oneof(
  fc.constantFrom(...KNOWN),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 700, unit: "binary" }),
  fc.constantFrom(
    "  Zhang.Wei@Example.CN ",
    "a@b",
    "名\u202e字",
    "\u0000",
    " ",
    "",
    "x".repeat(600),
    "silk-road-harbour-2024",
  ),
  fc.constantFrom(
    '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"好"}]}]}',
    "{not json",
  ),
);

const DOC = '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"好"}]}]}';
/** Plausible values per field name, so whole posts are often accepted and the success path is checked. */
const GOOD: Record<string, string[]> = {
  email: ["zhang.wei@example.cn", "  Li.Na@Example.CN "],
  login: ["zhang_wei", " li@example.cn ", "   "],
  username: ["zhang_wei", "Li-Na"],
  displayName: ["张伟", " 李娜 ", "名\u202e字"],
  password: ["silk-road-harbour-2024", "copper-kettle-monsoon-17"],
  newPassword: ["silk-road-harbour-2024", "copper-kettle-monsoon-17"],
  currentPassword: ["violet-harbour-lantern-42"],
  locale: ["browser", "zh-CN", "en"],
  emailNotifications: ["on"],
  privacyConsent: ["on"],
  replies: ["off", "site", "email"],
  mentions: ["site", "email"],
  follows: ["off", "email"],
  decisions: ["email"],
  frequency: ["batch", "daily", "weekly"],
  targetType: ["case", "comment"],
  role: ["member", "moderator", "ministry", "admin"],
  reason: ["理由", " 违规 "],
  base: ["yiwu-base"],
  message: ["我们是义乌基地的工作人员。"],
  text: ["一条评论", "  多行\n评论 "],
  body: [DOC],
  title: ["义乌公共海外仓", " 标题\u0000 "],
  summary: ["摘要\r\n第二行"],
  stage: ["pilot", "scaled"],
  periodStart: ["2021", "2022"],
  periodEnd: ["2023"],
  "topics[0]": ["logistics"],
  "topics[1]": ["branding-quality"],
  "metrics[0].label": ["成本"],
  "metrics[0].after": ["30%"],
  background: [DOC],
  approach: [DOC],
  results: [DOC],
  replicability: [DOC],
  lessons: [DOC, ""],
  titleEn: ["", "Overseas warehouse"],
  summaryEn: ["", "Summary"],
  baseId: [""],
  contentLanguage: ["zh-CN", "en"],
  "metrics[1].label": ["销量"],
  "metrics[1].after": ["1,200"],
  ...Object.fromEntries(
    [0, 1].flatMap((i) => [
      [`metrics[${i}].before`, ["100", ""]],
      [`metrics[${i}].unit`, ["%", ""]],
      [`metrics[${i}].source`, ["统计", ""]],
    ]),
  ),
};

/** Form names of a schema (Conform's constraint keys), array items as [0]/[1]. */
function namesOf(schema: ZodTypeAny): string[] {
  const all = Object.keys(getZodConstraint(schema) as Record<string, unknown>);
  // Fields only: not the objects and arrays that hold them.
  const keys = all.filter((k) => !all.some((o) => o !== k && (o.startsWith(`${k}.`) || o.startsWith(`${k}[`))));
  return keys.flatMap((k) => (k.includes("[]") ? [k.replace(/\[\]/g, "[0]"), k.replace(/\[\]/g, "[1]")] : [k]));
}

function formOf(entries: Array<[string, string]>): Request {
  return new Request("http://127.0.0.1/x", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(entries).toString(),
  });
}

/** A value posted as a form again (strings as they are, true as a ticked box). */
function asEntries(v: unknown, prefix = ""): Array<[string, string]> {
  if (v === undefined || v === null || v === false || v === "") return [];
  if (v === true) return [[prefix, "on"]];
  if (typeof v === "string" || typeof v === "number") return [[prefix, String(v)]];
  if (Array.isArray(v)) return v.flatMap((x, i) => asEntries(x, `${prefix}[${i}]`));
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => asEntries(x, prefix ? `${prefix}.${k}` : k));
}

/** Every string in a parsed value with its form name. */
function leaves(v: unknown, prefix = ""): Array<[string, string]> {
  if (typeof v === "string") return [[prefix, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${prefix}[${i}]`));
  if (v && typeof v === "object")
    return Object.entries(v).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k));
  return [];
}

const SCHEMAS: Array<{ name: string; schema: ZodTypeAny; idempotent: boolean; intents?: string[] }> = [
  { name: "login", schema: loginSchema, idempotent: true },
  { name: "sign-up (browser)", schema: signupSchema(), idempotent: true },
  { name: "sign-up (server)", schema: signupSchema(checkPassword), idempotent: true },
  { name: "email", schema: z.object({ email: emailField }), idempotent: true },
  { name: "username", schema: z.object({ username: usernameField }), idempotent: true },
  { name: "settings profile", schema: profileSchema, idempotent: true, intents: ["profile"] },
  { name: "settings locale", schema: localeSchema, idempotent: true, intents: ["locale"] },
  { name: "settings notifications", schema: notificationsSchema, idempotent: true, intents: ["notifications"] },
  { name: "settings password", schema: passwordSchema(checkPassword), idempotent: true, intents: ["password"] },
  { name: "affiliation request", schema: AffiliationRequestSchema, idempotent: true },
  { name: "affiliation review", schema: ReviewSchema, idempotent: true, intents: ["approve", "reject"] },
  {
    name: "user administration",
    schema: UserActionSchema,
    idempotent: true,
    intents: ["role", "suspend", "unsuspend"],
  },
  { name: "comment", schema: commentSchema(), idempotent: false, intents: ["comment"] },
  { name: "comment edit", schema: editSchema(), idempotent: false, intents: ["edit"] },
  { name: "comment delete", schema: deleteSchema, idempotent: false, intents: ["delete"] },
  { name: "comment hide", schema: hideSchema, idempotent: true, intents: ["hide"] },
  { name: "comment unhide", schema: unhideSchema, idempotent: true, intents: ["unhide"] },
  { name: "vote", schema: voteSchema, idempotent: true, intents: ["vote"] },
  { name: "most useful", schema: mostUsefulSchema, idempotent: true, intents: ["most-useful"] },
  { name: "case draft", schema: CaseDraftSchema, idempotent: false },
  { name: "case publish", schema: CasePublishSchema, idempotent: false },
];

describe("form schemas (properties)", () => {
  for (const { name, schema, idempotent, intents } of SCHEMAS) {
    it(`${name}: never throws, respects its limits${idempotent ? ", idempotent" : ""}`, async () => {
      const names = namesOf(schema);
      const constraint = getZodConstraint(schema) as Record<string, { maxLength?: number }>;
      // Random names and values, and posts that fill every field of the form once.
      const entries = fc.oneof(
        fc.array(fc.tuple(fc.constantFrom(...names, "x[1000000]", "__proto__"), value), { maxLength: 14 }),
        fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), value))).map((pairs) => pairs as Array<[string, string]>),
        fc
          .tuple(
            ...names.map((n) =>
              fc.tuple(fc.constant(n), fc.constantFrom(...(n === "intent" && intents ? intents : (GOOD[n] ?? KNOWN)))),
            ),
          )
          .map((pairs) => pairs as Array<[string, string]>),
      );
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(entries, async (posted) => {
          let form: FormData;
          try {
            form = await readForm(formOf(posted), schema);
          } catch (thrown) {
            expect(thrown).toBeInstanceOf(Response);
            expect((thrown as Response).status).toBeLessThan(500);
            return;
          }
          const submission = parseWithZod(form, { schema });
          expect(() => JSON.stringify(submission.reply())).not.toThrow();
          if (submission.status !== "success") {
            for (const errors of Object.values(submission.error ?? {}))
              for (const e of errors ?? []) expect(typeof e).toBe("string");
            return;
          }
          accepted++;
          for (const [path, s] of leaves(submission.value)) {
            const max = constraint[path.replace(/\[\d+\]/g, "[]")]?.maxLength;
            if (max !== undefined) expect(s.length, path).toBeLessThanOrEqual(max);
          }
          if (idempotent) {
            const again = parseWithZod(await readForm(formOf(asEntries(submission.value)), schema), { schema });
            expect(again.status).toBe("success");
            if (again.status === "success") expect(again.value).toEqual(submission.value);
          }
        }),
        { numRuns: 400 },
      );
      // The success path is exercised too, not only the refusals.
      expect(accepted, name).toBeGreaterThan(20);
    });
  }
});
