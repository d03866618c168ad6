import { parseWithZod } from "@conform-to/zod";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loginSchema } from "~/auth/account-fields.ts";
import { CaseDraftSchema, LIMITS } from "~/models/case-content.ts";
import { DEFAULT_ARRAY_MAX, FIELD_CEILING, formShape, nameSegments, readForm } from "./form-body.server.ts";

function post(body: BodyInit | null, contentType?: string): Request {
  const headers = new Headers();
  if (contentType) headers.set("content-type", contentType);
  return new Request("http://127.0.0.1/x", { method: "POST", body, headers });
}
const urlencoded = (body: string) => post(body, "application/x-www-form-urlencoded");

async function refusal(promise: Promise<unknown>): Promise<{ status: number; body: string }> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text() };
    throw thrown;
  }
  throw new Error("the form was accepted");
}

describe("readForm", () => {
  it("refuses a field the schema does not know, with a small body that echoes nothing", async () => {
    for (const payload of ["x[1000000]=1", "x[30000000]=1", "login[5]=a", "login.deep.er=1", "__state__=%7B%7D"]) {
      const r = await refusal(readForm(urlencoded(`login=a&password=b&${payload}`), loginSchema));
      expect(r.status, payload).toBe(400);
      expect(r.body.length).toBeLessThan(100);
      expect(r.body).not.toContain("x[");
    }
  });

  it("takes array indexes up to the schema's max (one more, so the schema says 'too many') and refuses beyond", async () => {
    const ok = await readForm(urlencoded(`metrics[${LIMITS.metricRows}].label=a`), CaseDraftSchema);
    expect(ok.get(`metrics[${LIMITS.metricRows}].label`)).toBe("a");
    const r = await refusal(readForm(urlencoded(`metrics[${LIMITS.metricRows + 1}].label=a`), CaseDraftSchema));
    expect(r.status).toBe(400);
    expect((await refusal(readForm(urlencoded("metrics[1000000].label=a"), CaseDraftSchema))).status).toBe(400);
    // Arrays without a max in the schema get the default.
    const free = z.object({ tags: z.array(z.string()) });
    await readForm(urlencoded(`tags[${DEFAULT_ARRAY_MAX}]=a`), free);
    expect((await refusal(readForm(urlencoded(`tags[${DEFAULT_ARRAY_MAX + 1}]=a`), free))).status).toBe(400);
  });

  it("accepts repeated values of a list field (checkboxes) and extra plain fields", async () => {
    const form = await readForm(urlencoded("topics=a&topics=b&intent=save&brandingText=hi"), CaseDraftSchema, [
      "intent",
      "brandingText",
    ]);
    expect(form.getAll("topics")).toEqual(["a", "b"]);
  });

  it("counts fields before building anything and refuses more than the form could need", async () => {
    const shape = formShape(loginSchema);
    expect(shape.maxFields).toBeLessThan(10);
    const many = Array.from({ length: 200_000 }, () => "login=a").join("&");
    const started = performance.now();
    const r = await refusal(readForm(urlencoded(many), loginSchema));
    expect(r.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(200);
    expect(formShape(CaseDraftSchema, ["note"]).maxFields).toBeLessThanOrEqual(FIELD_CEILING);
  });

  it("answers 415 for a body that is not a form and 400 for a multipart body that does not parse", async () => {
    expect((await refusal(readForm(post("login=a"), loginSchema))).status).toBe(415);
    expect((await refusal(readForm(post('{"login":"a"}', "application/json"), loginSchema))).status).toBe(415);
    expect((await refusal(readForm(post("login=a", "text/plain"), loginSchema))).status).toBe(415);
    const wrongBoundary = post(
      '--other\r\nContent-Disposition: form-data; name="login"\r\n\r\na\r\n--other--\r\n',
      "multipart/form-data; boundary=expected",
    );
    expect((await refusal(readForm(wrongBoundary, loginSchema))).status).toBe(400);
  });

  it("reads a multipart body like a urlencoded one", async () => {
    const body = new FormData();
    body.append("login", "张伟");
    body.append("password", "x");
    const form = await readForm(new Request("http://127.0.0.1/x", { method: "POST", body }), loginSchema);
    expect(form.get("login")).toBe("张伟");
    body.append("x[1000000]", "1");
    const r = await refusal(readForm(new Request("http://127.0.0.1/x", { method: "POST", body }), loginSchema));
    expect(r.status).toBe(400);
  });

  it("checks Conform's __intent__: only this form's fields, indexes within limits", async () => {
    const intent = (v: unknown) => `__intent__=${encodeURIComponent(JSON.stringify(v))}`;
    await readForm(urlencoded(intent({ type: "validate", payload: { name: "title" } })), CaseDraftSchema);
    await readForm(urlencoded(intent({ type: "insert", payload: { name: "metrics", index: 3 } })), CaseDraftSchema);
    for (const bad of [
      { type: "update", payload: { name: "metrics", index: 30_000_000, value: "x" } },
      { type: "update", payload: { name: "x[1000000]", value: "x" } },
      { type: "reorder", payload: { name: "metrics", from: 0, to: 1e9 } },
      { type: "insert", payload: { name: "title", index: 1 } },
      { type: "explode", payload: {} },
    ]) {
      expect((await refusal(readForm(urlencoded(intent(bad)), CaseDraftSchema))).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await refusal(readForm(urlencoded("__intent__=%7Bnot-json"), CaseDraftSchema))).status).toBe(400);
  });
});

describe("nameSegments", () => {
  it("reads names as Conform does, and refuses what our forms never use", () => {
    expect(nameSegments("metrics[3].label")).toEqual(["metrics", 3, "label"]);
    expect(nameSegments("topics[]")).toEqual(["topics", ""]);
    expect(nameSegments("List-Unsubscribe")).toEqual(["List-Unsubscribe"]);
    for (const bad of [
      "",
      "a..b",
      "a[",
      "a]",
      "[0]",
      "a[-1]",
      "a[1e9]",
      "__proto__",
      "a.constructor",
      "a b",
      "x".repeat(201),
    ])
      expect(nameSegments(bad), bad).toBeNull();
  });
});

// Property: whatever a client posts, a form readForm lets through never makes
// Conform build an array longer than the schema allows (plus one), and what the
// failed reply echoes is no bigger than what was sent.
describe("readForm and Conform together (property)", () => {
  const segment = fc.oneof(
    fc.constantFrom("metrics", "label", "title", "topics", "x", "__proto__", ""),
    fc.nat({ max: 40_000_000 }).map(String),
  );
  const name = fc
    .array(fc.tuple(fc.constantFrom(".", "[", "[]"), segment), { minLength: 1, maxLength: 6 })
    .map((parts) =>
      parts
        .map(([sep, s], i) => (sep === "[" ? `[${s}]` : sep === "[]" ? `${i === 0 ? s : ""}[]` : i === 0 ? s : `.${s}`))
        .join(""),
    );
  const longestArray = (v: unknown): number => {
    if (Array.isArray(v)) return Math.max(v.length, ...v.map(longestArray));
    if (v && typeof v === "object") return Math.max(0, ...Object.values(v).map(longestArray));
    return 0;
  };

  it("never lets an amplifying name through", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, fc.string({ maxLength: 5 })), { maxLength: 12 }), async (fields) => {
        const body = new URLSearchParams(fields).toString();
        let form: FormData;
        try {
          form = await readForm(urlencoded(body), CaseDraftSchema);
        } catch (thrown) {
          expect(thrown).toBeInstanceOf(Response);
          expect((thrown as Response).status).toBeGreaterThanOrEqual(400);
          expect((thrown as Response).status).toBeLessThan(500);
          return;
        }
        const submission = parseWithZod(form, { schema: CaseDraftSchema });
        expect(longestArray(submission.payload)).toBeLessThanOrEqual(DEFAULT_ARRAY_MAX + 1);
        expect(JSON.stringify(submission.reply()).length).toBeLessThan(body.length * 4 + 2000);
      }),
      { numRuns: 400 },
    );
  });
});
