// The production server as one plain JavaScript file, build/start/index.js (part of
// `npm run build`; `npm run serve` runs it). Running server/index.ts through tsx
// made every module the process loads — the Remix build and its packages too —
// pass through tsx's loader thread: 5–7 s of a cold start and ~190 MB of resident
// memory (issue 15.4/15.5). Packages stay external (node_modules is loaded as is).
//
// `import.meta.url` keeps meaning the source file it is written in (prepare.ts and
// seed.ts find files next to them and tell whether they were run directly), so the
// bundle behaves like the sources it is made of.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");

await build({
  entryPoints: [path.join(ROOT, "server/index.ts")],
  // Split at dynamic imports: what index.ts imports only when asked (the migrations and
  // seeds of --prepare, the app's closers) stays in chunks loaded then, with their packages.
  outdir: path.join(ROOT, "build/start"),
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
  banner: { js: "// Built by scripts/build-server.ts from server/index.ts: do not edit." },
  plugins: [
    {
      // tsconfig's "~/*" → app/*: ours, bundled (esbuild would take "~" for a package).
      name: "app-alias",
      setup(b) {
        b.onResolve({ filter: /^~\// }, (args) => ({ path: path.join(ROOT, "app", args.path.slice(2)) }));
      },
    },
    {
      name: "source-import-meta-url",
      setup(b) {
        b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
          const source = await fs.promises.readFile(args.path, "utf8");
          if (!source.includes("import.meta.url") && !source.includes("import.meta.dirname")) return undefined;
          const url = pathToFileURL(args.path).href;
          return {
            contents: source
              .replaceAll("import.meta.url", JSON.stringify(url))
              .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path))),
            loader: args.path.endsWith(".tsx") ? "tsx" : "ts",
          };
        });
      },
    },
  ],
});
