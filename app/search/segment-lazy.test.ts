// The segmenter (jieba's native module and dictionary, ~60 MiB resident) loads with the
// first search or indexed write, not with the engine: a server that starts, opens its
// index and warms the cache must not hold it (issue 15.4, idle memory). Its own file, so
// no other test of the process has loaded the dictionary first.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contractDocs, contractSchema } from "./contract.fixtures.ts";
import { segmenterLoaded } from "./segment.ts";
import { SqliteFtsEngine } from "./sqlite-fts.server.ts";

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "search-lazy-")), "s.db");
const jiebaModule = createRequire(import.meta.url).resolve("@node-rs/jieba");

describe("segmenter loading", () => {
  it("opens and warms an index without the segmenter, and loads it for the first Chinese search", async () => {
    const file = tmpFile();
    const writer = new SqliteFtsEngine({ file, segmentWorkers: 0 });
    await writer.ensureIndex(contractSchema);
    await writer.close();
    expect(segmenterLoaded()).toBe(false);

    // A started server: the index opened (schema with synonyms and a dictionary) and warmed.
    const e = new SqliteFtsEngine({ file, cacheMinRows: 0, segmentWorkers: 0 });
    await e.ensureIndex(contractSchema);
    await e.warm(20);
    expect(segmenterLoaded()).toBe(false);
    expect(jiebaModule in createRequire(import.meta.url).cache).toBe(false);

    await e.upsert(contractDocs);
    expect(segmenterLoaded()).toBe(true);
    expect((await e.search({ q: "跨境电商" })).hits.map((h) => h.id).sort()).toEqual(["doc-5", "doc-7"]);
    await e.close();
  });
});
