// Every page here is a top-level route: a folder named like another folder plus
// ".segment" would make it a child that renders inside the other page (which has
// no <Outlet/>), so the child could never be seen. Opt out with "_" (cases.$slug_.edit)
// or use an index route (cases._index).
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const routes = fs
  .readdirSync("app/routes", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe("route folders", () => {
  it("has no route nested under another by accident", () => {
    const nested = routes.flatMap((child) =>
      routes
        .filter((parent) => parent !== child && child.startsWith(`${parent}.`))
        .map((parent) => `${child} inside ${parent}`),
    );
    expect(nested).toEqual([]);
  });
  it("gives every route folder a route module", () => {
    for (const r of routes)
      expect(fs.existsSync(`app/routes/${r}/route.tsx`) || fs.existsSync(`app/routes/${r}/route.ts`), r).toBe(true);
  });
});
