// Every UI string exists in both languages. Three checks:
// 1. the locale trees hold the same keys (all namespaces, plural forms judged per
//    language with Intl.PluralRules, so zh-CN needs only `_other` where en needs
//    `_one` and `_other`), the same {{variables}}, and no empty strings;
// 2. each language's index.ts registers every namespace file;
// 3. literal keys in the code — t("ns:key"), t("key") (namespace from the file's
//    useTranslation), i18nKey="…" and "ns:key" strings such as Zod messages — exist
//    in both languages. Dynamic keys (template strings) are not checked.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./config.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.resolve(here, "..");
const localesDir = path.join(here, "locales");

type Tree = { [k: string]: unknown };

function readNamespaces(locale: string): Record<string, Tree> {
  const dir = path.join(localesDir, locale);
  const out: Record<string, Tree> = {};
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    out[file.replace(/\.json$/, "")] = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Tree;
  }
  return out;
}

/** Leaves (strings or arrays of strings, e.g. mail paragraphs) by dotted path. */
function leaves(tree: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (tree && typeof tree === "object" && !Array.isArray(tree)) {
    for (const [k, v] of Object.entries(tree)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, tree);
  }
  return out;
}

/** Object nodes by dotted path (keys used with returnObjects). */
function branches(tree: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (tree && typeof tree === "object" && !Array.isArray(tree)) {
    if (prefix) out.add(prefix);
    for (const [k, v] of Object.entries(tree)) branches(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

const PLURAL = /^(.*?)(_ordinal)?_(zero|one|two|few|many|other)$/;

interface KeyInfo {
  /** plural base → the plural categories present */
  plurals: Map<string, Set<string>>;
  /** base keys (plural suffixes removed) → variables used in any form */
  bases: Map<string, Set<string>>;
  empty: string[];
}

function analyse(ns: Record<string, Tree>): KeyInfo {
  const info: KeyInfo = { plurals: new Map(), bases: new Map(), empty: [] };
  for (const [name, tree] of Object.entries(ns)) {
    for (const [key, value] of leaves(tree)) {
      const full = `${name}:${key}`;
      const texts = Array.isArray(value) ? value : [value];
      if (texts.length === 0 || texts.some((t) => typeof t !== "string" || t.trim() === "")) info.empty.push(full);
      const m = PLURAL.exec(key);
      const base = m ? `${name}:${m[1]}${m[2] ?? ""}` : full;
      if (m) {
        const cats = info.plurals.get(base) ?? new Set<string>();
        cats.add(m[3]!);
        info.plurals.set(base, cats);
      }
      const vars = info.bases.get(base) ?? new Set<string>();
      for (const t of texts) {
        if (typeof t !== "string") continue;
        for (const v of t.matchAll(/\{\{\s*([\w.]+)(?:\s*,[^}]*)?\s*\}\}/g)) vars.add(v[1]!);
      }
      info.bases.set(base, vars);
    }
  }
  return info;
}

const trees = Object.fromEntries(LOCALES.map((l) => [l, readNamespaces(l)])) as Record<string, Record<string, Tree>>;
const infos = Object.fromEntries(LOCALES.map((l) => [l, analyse(trees[l]!)])) as Record<string, KeyInfo>;
const [first, ...others] = LOCALES;

describe("locale files", () => {
  it("have the same namespaces in every language", () => {
    for (const l of others) expect(Object.keys(trees[l]!).sort(), l).toEqual(Object.keys(trees[first]!).sort());
  });

  it.each(LOCALES)("are all registered in %s/index.ts", async (locale) => {
    const mod = (await import(`./locales/${locale}/index.ts`)) as { default: Record<string, unknown> };
    expect(Object.keys(mod.default).sort()).toEqual(Object.keys(trees[locale]!).sort());
  });

  it("hold the same keys in every language", () => {
    const problems: string[] = [];
    for (const a of LOCALES) {
      for (const b of LOCALES) {
        if (a === b) continue;
        for (const key of infos[a]!.bases.keys()) {
          if (!infos[b]!.bases.has(key)) problems.push(`${key} is in ${a} but missing in ${b}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("have every plural form each language needs", () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
      const neededOrdinal = new Intl.PluralRules(locale, { type: "ordinal" }).resolvedOptions()
        .pluralCategories as string[];
      for (const [base, cats] of infos[locale]!.plurals) {
        for (const cat of base.endsWith("_ordinal") ? neededOrdinal : needed) {
          if (!cats.has(cat)) problems.push(`${locale}: ${base} has plural forms but no _${cat}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("use the same {{variables}} in every language", () => {
    const problems: string[] = [];
    for (const [key, vars] of infos[first]!.bases) {
      for (const l of others) {
        const other = infos[l]!.bases.get(key);
        if (!other) continue;
        const a = [...vars].sort().join(",");
        const b = [...other].sort().join(",");
        if (a !== b) problems.push(`${key}: ${first} uses {${a}}, ${l} uses {${b}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("have no empty texts", () => {
    expect(LOCALES.flatMap((l) => infos[l]!.empty.map((k) => `${l}: ${k}`))).toEqual([]);
  });
});

// ---- keys used in the code ----

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "generated" || entry.name === "locales" || entry.name.startsWith(".")) continue;
      sourceFiles(p, out);
    } else if (
      /\.(tsx?|jsx?)$/.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith(".d.ts")
    ) {
      out.push(p);
    }
  }
  return out;
}

const namespaces = new Set(Object.keys(trees[first]!));

/** True when `key` in `ns` resolves in `locale`: a leaf, a plural base, or an object (returnObjects). */
function resolves(locale: string, ns: string, key: string): boolean {
  const info = infos[locale]!;
  if (info.bases.has(`${ns}:${key}`)) return true;
  const tree = trees[locale]![ns];
  return tree ? branches(tree).has(key) : false;
}

/** Strips comment lines, so examples in comments do not count as uses. */
function code(text: string): string {
  return text
    .split("\n")
    .map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? "" : line))
    .join("\n");
}

interface Use {
  file: string;
  line: number;
  key: string;
  /** namespaces the key may live in */
  candidates: string[];
}

function usesIn(file: string): Use[] {
  const text = code(fs.readFileSync(file, "utf8"));
  const rel = path.relative(appDir, file);
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  const uses: Use[] = [];

  // The namespaces a bare key may come from: every useTranslation(...) in the file
  // (a file can hold several components); useTranslation() and tFor() mean "common".
  // A file with neither gets `t` from elsewhere, so any namespace will do.
  const fileNs = new Set<string>();
  let sawTranslator = false;
  for (const m of text.matchAll(/useTranslation\(\s*([^)]*)\)/g)) {
    sawTranslator = true;
    const listed = [...m[1]!.matchAll(/["']([\w-]+)["']/g)].map((x) => x[1]!);
    if (listed.length === 0) fileNs.add("common");
    for (const ns of listed) fileNs.add(ns);
  }
  if (/\btFor\(/.test(text) || /\bgetFixedT\(/.test(text)) {
    sawTranslator = true;
    fileNs.add("common");
  }
  const bareCandidates = sawTranslator ? [...fileNs] : [...namespaces];

  const add = (raw: string, index: number, explicitNs?: string) => {
    const sep = raw.indexOf(":");
    if (sep > 0 && namespaces.has(raw.slice(0, sep))) {
      uses.push({ file: rel, line: lineOf(index), key: raw.slice(sep + 1), candidates: [raw.slice(0, sep)] });
    } else {
      uses.push({ file: rel, line: lineOf(index), key: raw, candidates: explicitNs ? [explicitNs] : bareCandidates });
    }
  };

  // t("key"), t('key'), i18n.t("key"), with an optional { ns: "x" } in the same call.
  for (const m of text.matchAll(/\bt\(\s*(["'])([^"'`$\\\n]+)\1\s*(,\s*\{[^}]*?\bns:\s*["']([\w-]+)["'])?/g)) {
    add(m[2]!, m.index!, m[4]);
  }
  // <Trans i18nKey="key" /> and i18nKey: "key"
  for (const m of text.matchAll(/\bi18nKey\s*[=:]\s*\{?\s*(["'])([^"'`$\\\n]+)\1/g)) add(m[2]!, m.index!);
  // Any other "ns:key" literal (Zod messages, keys kept in constants).
  for (const m of text.matchAll(/(["'])([\w-]+):([A-Za-z][\w.-]*[\w])\1/g)) {
    if (!namespaces.has(m[2]!)) continue;
    const before = text.slice(Math.max(0, m.index! - 30), m.index!);
    if (/\bt\(\s*$/.test(before) || /i18nKey\s*[=:]\s*\{?\s*$/.test(before)) continue; // counted above
    uses.push({ file: rel, line: lineOf(m.index!), key: m[3]!, candidates: [m[2]!] });
  }
  return uses;
}

describe("keys used in the code", () => {
  const files = sourceFiles(appDir);
  const uses = files.flatMap(usesIn);

  it("finds the source files and some keys (the scan itself works)", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(uses.length).toBeGreaterThan(5);
  });

  it("exist in every language", () => {
    const problems: string[] = [];
    for (const use of uses) {
      for (const locale of LOCALES) {
        if (!use.candidates.some((ns) => resolves(locale, ns, use.key))) {
          problems.push(`${use.file}:${use.line} ${use.candidates.join("|")}:${use.key} missing in ${locale}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
