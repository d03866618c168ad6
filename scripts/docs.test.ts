// The README promises a table of every environment variable the app reads; this
// keeps it true when a variable is added to app/utils/env.server.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (p: string) => fs.readFileSync(path.join(root, p), "utf8");

describe("README", () => {
  it("documents every variable of app/utils/env.server.ts in its table", () => {
    const source = read("app/utils/env.server.ts");
    const schema = source.slice(source.indexOf("z.object({"), source.indexOf("\n});", source.indexOf("z.object({")));
    const names = [...schema.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(5);
    const readme = read("README.md");
    const documented = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!));
    expect(names.filter((n) => !documented.has(n))).toEqual([]);
  });

  it("shows the two commands", () => {
    const readme = read("README.md");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toMatch(/^npm test$/m);
  });

  it("links only to docs that exist", () => {
    const readme = read("README.md");
    const links = [...readme.matchAll(/\]\(((?:docs\/)[^)#]+)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !fs.existsSync(path.join(root, l)))).toEqual([]);
  });
});
