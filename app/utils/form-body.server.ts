// The one way an action reads a posted form (ADR 017). Before any field reaches
// Conform's parser (which builds nested objects and arrays from names such as
// `metrics[3].label`), the body is checked against the shape of the form's own
// schema: only names that schema knows, array indexes within its limits, a field
// count it could really need. A 40-byte `x[30000000]=1` used to become a sparse
// array of 30 million slots that the failed reply echoed back; here it is a 400
// before anything is built, and a reply can only ever echo known fields.
//
// Wrong formats answer 4xx too: no or another Content-Type is 415, a multipart
// body that does not parse (wrong boundary) is 400.
import type { ZodTypeAny } from "zod";

/** Array indexes a form may use when its schema sets no `.max()`. */
export const DEFAULT_ARRAY_MAX = 100;
/** No form, however large its schema, takes more fields than this. */
export const FIELD_CEILING = 1000;
const NAME_MAX = 200;
/** Conform's own control fields: validation/list intents (JSON) and form state. */
const CONFORM_INTENT = "__intent__";
const INTENT_MAX = 4096;

type Shape =
  | { kind: "leaf" }
  | { kind: "object"; keys: Map<string, Shape> }
  | { kind: "array"; element: Shape; max: number }
  | { kind: "union"; options: Shape[] };

const LEAF: Shape = { kind: "leaf" };

interface ZodDefLike {
  typeName?: string;
  [key: string]: unknown;
}

function defOf(schema: unknown): ZodDefLike {
  return ((schema as { _def?: ZodDefLike })?._def ?? {}) as ZodDefLike;
}

/** The form-name shape of a Zod (v3) schema: objects, arrays (with their max) and leaves. */
function shapeOfZod(schema: unknown, depth = 0): Shape {
  if (depth > 32) return LEAF;
  const def = defOf(schema);
  switch (def.typeName) {
    case "ZodObject": {
      const raw = (schema as { shape: Record<string, unknown> }).shape;
      const keys = new Map<string, Shape>();
      for (const [k, v] of Object.entries(raw)) keys.set(k, shapeOfZod(v, depth + 1));
      return { kind: "object", keys };
    }
    case "ZodArray": {
      const max =
        (def.maxLength as { value: number } | null)?.value ?? (def.exactLength as { value: number } | null)?.value;
      return { kind: "array", element: shapeOfZod(def.type, depth + 1), max: max ?? DEFAULT_ARRAY_MAX };
    }
    case "ZodEffects":
      return shapeOfZod(def.schema, depth + 1);
    case "ZodOptional":
    case "ZodNullable":
    case "ZodDefault":
    case "ZodCatch":
    case "ZodReadonly":
      return shapeOfZod(def.innerType, depth + 1);
    case "ZodBranded":
      return shapeOfZod(def.type, depth + 1);
    case "ZodPipeline":
      return shapeOfZod(def.in, depth + 1);
    case "ZodLazy":
      return shapeOfZod((def.getter as () => unknown)(), depth + 1);
    case "ZodUnion":
    case "ZodDiscriminatedUnion": {
      const options = def.options as unknown[] | Map<unknown, unknown>;
      const list = Array.isArray(options) ? options : [...options.values()];
      return merge(list.map((o) => shapeOfZod(o, depth + 1)));
    }
    case "ZodIntersection":
      return merge([shapeOfZod(def.left, depth + 1), shapeOfZod(def.right, depth + 1)]);
    default:
      // Strings, numbers, enums, literals, files, records, unknown: one field each.
      return LEAF;
  }
}

function merge(shapes: Shape[]): Shape {
  const flat = shapes.flatMap((s) => (s.kind === "union" ? s.options : [s]));
  const objects = flat.filter((s): s is Extract<Shape, { kind: "object" }> => s.kind === "object");
  const arrays = flat.filter((s): s is Extract<Shape, { kind: "array" }> => s.kind === "array");
  const out: Shape[] = [];
  if (objects.length) {
    const keys = new Map<string, Shape>();
    for (const o of objects) {
      for (const [k, v] of o.keys) keys.set(k, keys.has(k) ? merge([keys.get(k)!, v]) : v);
    }
    out.push({ kind: "object", keys });
  }
  if (arrays.length) {
    out.push({
      kind: "array",
      element: merge(arrays.map((a) => a.element)),
      max: Math.max(...arrays.map((a) => a.max)),
    });
  }
  if (flat.some((s) => s.kind === "leaf")) out.push(LEAF);
  return out.length === 1 ? out[0]! : { kind: "union", options: out };
}

/** How many fields a well-formed post of this shape can have at most. */
function capacity(shape: Shape): number {
  switch (shape.kind) {
    case "leaf":
      return 1;
    case "object": {
      let n = 0;
      for (const v of shape.keys.values()) n += capacity(v);
      return n;
    }
    case "array":
      // One more than the max, so the schema (not this guard) reports "too many".
      return (shape.max + 1) * capacity(shape.element);
    case "union":
      return Math.max(...shape.options.map(capacity));
  }
}

/** A form name as Conform reads it, limited to the plain grammar our forms use. */
const NAME = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*|\[\d{1,6}\]|\[\])*$/;
const SEGMENT = /\.?([A-Za-z_$][\w$-]*)|\[(\d*)\]/g;

export function nameSegments(name: string): Array<string | number> | null {
  if (name.length > NAME_MAX || !NAME.test(name)) return null;
  const out: Array<string | number> = [];
  for (const m of name.matchAll(SEGMENT)) {
    if (m[1] !== undefined) {
      if (m[1] === "__proto__" || m[1] === "constructor" || m[1] === "prototype") return null;
      out.push(m[1]);
    } else out.push(m[2] === "" ? "" : Number(m[2]));
  }
  return out;
}

/**
 * Whether `segments` name a field of `shape`. A field is a leaf, or an array of
 * leaves named without an index (`topics=a&topics=b`). `prefix` accepts any
 * node on the way (Conform's intents name lists and objects too).
 */
function fits(shape: Shape, segments: Array<string | number>, i: number, prefix: boolean): boolean {
  if (shape.kind === "union") return shape.options.some((o) => fits(o, segments, i, prefix));
  if (i === segments.length) {
    if (prefix || shape.kind === "leaf") return true;
    return shape.kind === "array" && fits(shape.element, segments, i, false);
  }
  const seg = segments[i]!;
  if (shape.kind === "object") {
    const child = typeof seg === "string" ? shape.keys.get(seg) : undefined;
    return child !== undefined && fits(child, segments, i + 1, prefix);
  }
  if (shape.kind === "array") {
    if (seg === "" || (typeof seg === "number" && seg <= shape.max))
      return fits(shape.element, segments, i + 1, prefix);
    return false;
  }
  return false;
}

function maxIndexOf(shape: Shape, segments: Array<string | number>, i = 0): number | null {
  if (shape.kind === "union") {
    const found = shape.options.map((o) => maxIndexOf(o, segments, i)).filter((v): v is number => v !== null);
    return found.length ? Math.max(...found) : null;
  }
  if (i === segments.length) return shape.kind === "array" ? shape.max : null;
  const seg = segments[i]!;
  if (shape.kind === "object" && typeof seg === "string") {
    const child = shape.keys.get(seg);
    return child ? maxIndexOf(child, segments, i + 1) : null;
  }
  if (shape.kind === "array" && (seg === "" || typeof seg === "number"))
    return maxIndexOf(shape.element, segments, i + 1);
  return null;
}

export interface FormShape {
  /** Whether a posted field name belongs to this form. */
  allows(name: string): boolean;
  /** Whether a value of Conform's `__intent__` field stays inside this form. */
  allowsIntent(value: string): boolean;
  /** The most fields a genuine post can carry. */
  readonly maxFields: number;
}

/**
 * The shape of a form: its Zod schema(s) plus the plain fields the action reads
 * itself (`intent`, `version`, a no-JavaScript textarea…), given as names such
 * as `note`, `tags[]` or `rows[].label`.
 */
export function formShape(...parts: Array<ZodTypeAny | readonly string[]>): FormShape {
  const shapes: Shape[] = [];
  for (const part of parts) {
    if (Array.isArray(part)) {
      for (const name of part as readonly string[]) shapes.push(shapeOfName(name));
    } else shapes.push(shapeOfZod(part));
  }
  const root = shapes.length ? merge(shapes) : ({ kind: "object", keys: new Map() } as Shape);
  const maxFields = Math.min(FIELD_CEILING, capacity(root) + 2);
  return {
    maxFields,
    allows(name) {
      const segments = nameSegments(name);
      return segments !== null && segments.length > 0 && fits(root, segments, 0, false);
    },
    allowsIntent(value) {
      if (value.length > INTENT_MAX) return false;
      let intent: unknown;
      try {
        intent = JSON.parse(value);
      } catch {
        return false;
      }
      if (typeof intent !== "object" || intent === null) return false;
      const { type, payload } = intent as { type?: unknown; payload?: unknown };
      if (!["validate", "update", "reset", "insert", "remove", "reorder"].includes(String(type))) return false;
      if (typeof payload !== "object" || payload === null) return false;
      const p = payload as Record<string, unknown>;
      const name = p.name ?? "";
      if (typeof name !== "string") return false;
      const segments = name === "" ? [] : nameSegments(name);
      if (segments === null || (segments.length > 0 && !fits(root, segments, 0, true))) return false;
      const max = segments.length ? maxIndexOf(root, segments) : null;
      for (const key of ["index", "from", "to"] as const) {
        if (p[key] === undefined) continue;
        if (typeof p[key] !== "number" || !Number.isInteger(p[key]) || (p[key] as number) < 0) return false;
        if (max === null || (p[key] as number) > max) return false;
      }
      return true;
    },
  };
}

function isFormShape(v: unknown): v is FormShape {
  return typeof v === "object" && v !== null && typeof (v as FormShape).allowsIntent === "function";
}

/** A plain field list entry (`note`, `tags[]`, `rows[].label`) as a shape. */
function shapeOfName(name: string): Shape {
  const parts = name.split(/(?=\[\])|\./).filter(Boolean);
  let shape: Shape = LEAF;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    if (part === "[]") shape = { kind: "array", element: shape, max: DEFAULT_ARRAY_MAX };
    else shape = { kind: "object", keys: new Map([[part, shape]]) };
  }
  return shape;
}

export type FormProblem = "unsupported-type" | "malformed" | "too-many-fields" | "unknown-field";

/** The small 4xx every rejected body gets: no echo of what was sent. */
export function formProblem(problem: FormProblem): Response {
  const status = problem === "unsupported-type" ? 415 : problem === "too-many-fields" ? 413 : 400;
  return new Response(JSON.stringify({ error: "bad-form", problem }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Reads and checks a posted form. Throws a small 4xx Response (no echo) when the
 * body is not a form, does not parse, has more fields than the form could need,
 * or names a field (or a Conform intent) the form does not have.
 */
export async function readForm(
  request: Request,
  ...parts: Array<ZodTypeAny | readonly string[] | FormShape>
): Promise<FormData> {
  const shape =
    parts.length === 1 && isFormShape(parts[0])
      ? parts[0]
      : formShape(...(parts as Array<ZodTypeAny | readonly string[]>));
  const type = mediaType(request);
  let entries: Array<[string, FormDataEntryValue]>;
  if (type === "application/x-www-form-urlencoded") {
    const text = await request.text().catch(() => {
      throw formProblem("malformed");
    });
    // Count before anything is built: a separator per field.
    let fields = text ? 1 : 0;
    for (let i = text.indexOf("&"); i !== -1 && fields <= shape.maxFields; i = text.indexOf("&", i + 1)) fields++;
    if (fields > shape.maxFields) throw formProblem("too-many-fields");
    entries = [...new URLSearchParams(text)];
  } else if (type === "multipart/form-data") {
    let parsed: FormData;
    try {
      parsed = await request.formData();
    } catch {
      throw formProblem("malformed");
    }
    entries = [];
    for (const entry of parsed) {
      entries.push(entry);
      if (entries.length > shape.maxFields) throw formProblem("too-many-fields");
    }
  } else {
    throw formProblem("unsupported-type");
  }
  if (entries.length > shape.maxFields) throw formProblem("too-many-fields");
  const form = new FormData();
  for (const [name, value] of entries) {
    if (name === CONFORM_INTENT) {
      if (typeof value !== "string" || !shape.allowsIntent(value)) throw formProblem("unknown-field");
    } else if (!shape.allows(name)) {
      throw formProblem("unknown-field");
    }
    form.append(name, value);
  }
  return form;
}
