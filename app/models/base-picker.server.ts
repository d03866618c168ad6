// Finding a base by typing (issue 12.9): the affiliation form's combobox and its
// no-JavaScript search ask for bases whose Chinese name, English name, pinyin
// (full, joined or initials: "wenzhou", "wenzhouxie", "wzxm") or city contains
// what was typed; prefix matches first. The ~600 bases are read once and kept
// with their pinyin (Base.namePinyin when the import filled it, else computed
// with pinyin-pro) until the table changes (count or last update differ).
import { pinyinSyllables } from "~/utils/pinyin.server.ts";
import { readStatement } from "~/utils/db-read.server.ts";

export const BASE_QUERY_MAX = 40;
export const BASE_RESULTS_MAX = 20;

export interface BasePick {
  slug: string;
  nameZh: string;
  nameEn: string;
  cityZh: string;
  cityEn: string;
  province: string;
}

interface Entry extends BasePick {
  /** Everything a query is matched against, lowercased, one per line. */
  haystack: string[];
  /** What a prefix match counts against. */
  names: string[];
}

let cache: { version: string; entries: Entry[] } | null = null;

function pinyinForms(nameZh: string, stored: string): string[] {
  if (stored.trim()) return [stored.toLowerCase(), stored.toLowerCase().replace(/\s+/g, "")];
  const full = pinyinSyllables(nameZh, { nonZh: "consecutive" }).map((s) => s.toLowerCase());
  const initials = pinyinSyllables(nameZh, { pattern: "first", nonZh: "removed" }).join("");
  return [full.join(" "), full.join(""), initials.toLowerCase()];
}

async function entries(): Promise<Entry[]> {
  const v = (await readStatement(
    "SELECT count(*) AS n, max(updatedAt) AS at FROM Base WHERE retiredAt IS NULL",
  ).get()) as {
    n: number;
    at: string | number | null;
  };
  const version = `${v.n}:${String(v.at)}`;
  if (cache?.version === version) return cache.entries;
  const rows = (await readStatement(
    "SELECT slug, nameZh, nameEn, cityZh, cityEn, province, namePinyin FROM Base WHERE retiredAt IS NULL ORDER BY nameZh",
  ).all()) as Array<BasePick & { namePinyin: string }>;
  const built = rows.map(({ namePinyin, ...b }) => {
    const py = pinyinForms(b.nameZh, namePinyin);
    const names = [b.nameZh.toLowerCase(), b.nameEn.toLowerCase(), ...py];
    return { ...b, names, haystack: [...names, b.cityZh.toLowerCase(), b.cityEn.toLowerCase()] };
  });
  cache = { version, entries: built };
  return built;
}

export async function searchBasesToPick(query: string, take = BASE_RESULTS_MAX): Promise<BasePick[]> {
  const q = query.trim().toLowerCase().slice(0, BASE_QUERY_MAX);
  if (!q) return [];
  const joined = q.replace(/\s+/g, "");
  const first: Entry[] = [];
  const rest: Entry[] = [];
  for (const e of await entries()) {
    if (e.names.some((n) => n.startsWith(q) || n.startsWith(joined))) first.push(e);
    else if (e.haystack.some((h) => h.includes(q) || h.includes(joined))) rest.push(e);
  }
  return [...first, ...rest]
    .slice(0, Math.min(take, BASE_RESULTS_MAX))
    .map(({ slug, nameZh, nameEn, cityZh, cityEn, province }) => ({ slug, nameZh, nameEn, cityZh, cityEn, province }));
}

/** One base by slug (the preselected one, or the one a failed post had chosen). */
export async function baseToPick(slug: string): Promise<BasePick | null> {
  return (
    ((await readStatement(
      "SELECT slug, nameZh, nameEn, cityZh, cityEn, province FROM Base WHERE slug = ? AND retiredAt IS NULL",
    ).get(slug)) as BasePick | undefined) ?? null
  );
}
