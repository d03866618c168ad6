import { createRequire } from "node:module";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it, vi } from "vitest";
import { installRouteMatchMemo, memoizeMatchRoutes } from "./route-match-memo.server.ts";

type Route = AgnosticRouteObject & { children?: Route[] };

/** A tree like the app's (root layout, index routes, dynamic and splat segments), new objects on each call as RemixServer makes them. */
function tree(): Route[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "routes/_index", index: true },
        { id: "routes/cases._index", path: "cases", index: true },
        { id: "routes/cases.$slug", path: "cases/:slug" },
        { id: "routes/cases.$slug_.edit", path: "cases/:slug/edit" },
        { id: "routes/cases.new", path: "cases/new" },
        { id: "routes/u.$username", path: "u/:username" },
        { id: "routes/bases.$slug", path: "bases/:slug", children: [{ id: "routes/bases.$slug._index", index: true }] },
        { id: "routes/$", path: "*" },
      ],
    },
  ];
}

const paths = [
  "/",
  "/cases",
  "/cases/",
  "/cases/new",
  "/cases/a-b",
  "/cases/a-b/edit",
  "/u/Ann",
  "/bases/x",
  "/no/such",
  "/cases/x?y=1#z",
];

describe("memoized route matching", () => {
  it("answers every path as React Router does, on the caller's own route objects, twice", () => {
    const original = vi.fn(matchRoutes as never) as unknown as typeof matchRoutes;
    const memoized = memoizeMatchRoutes(original as never);
    for (let round = 0; round < 2; round++) {
      for (const path of paths) {
        const routes = tree();
        const expected = matchRoutes(routes, path);
        const got = memoized(routes, path);
        expect(got).toEqual(expected);
        // The routes are the objects of this call's tree, not of the call that filled the memo.
        got?.forEach((m, i) => expect(m.route).toBe(expected![i]!.route));
        const viaObject = memoized(tree(), { pathname: path.split(/[?#]/)[0] });
        expect(viaObject?.map((m) => m.route.id)).toEqual(expected?.map((m) => m.route.id));
      }
    }
    // Each path was matched from scratch once (the query-string form shares the plain path's answer).
    expect(vi.mocked(original).mock.calls.length).toBe(new Set(paths.map((p) => p.split(/[?#]/)[0])).size);
  });

  it("gives each answer its own params object, shared by its matches", () => {
    const memoized = memoizeMatchRoutes(matchRoutes as never);
    const a = memoized(tree(), "/cases/a-b")!;
    (a[0]!.params as Record<string, string>).slug = "changed";
    const b = memoized(tree(), "/cases/a-b")!;
    expect(b[1]!.params.slug).toBe("a-b");
    expect(b[0]!.params).toBe(b[1]!.params);
  });

  it("is installed where Remix's server runtime looks it up", () => {
    const router = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: typeof matchRoutes };
    const original = router.matchRoutes;
    const counted = vi.fn(original);
    router.matchRoutes = counted as never;
    try {
      installRouteMatchMemo();
      const installed = router.matchRoutes;
      installRouteMatchMemo(); // once per process
      expect(router.matchRoutes).toBe(installed);
      const { matchServerRoutes } = createRequire(import.meta.url)(
        "@remix-run/server-runtime/dist/routeMatching.js",
      ) as { matchServerRoutes: (routes: Route[], path: string) => Array<{ route: Route }> | null };
      for (let i = 0; i < 3; i++) {
        expect(matchServerRoutes(tree(), "/u/only-here")?.map((m) => m.route.id)).toEqual([
          "root",
          "routes/u.$username",
        ]);
      }
      expect(counted).toHaveBeenCalledTimes(1);
    } finally {
      router.matchRoutes = original;
    }
  });
});
