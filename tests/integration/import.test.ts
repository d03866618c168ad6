// The importer: each record is validated on its own, bad records are reported
// without stopping the run, and importing the same file twice changes nothing.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { createTestUser } from "../helpers/users.ts";

const fixture = path.resolve("tests/fixtures/import-sample.json");

function runImport(file: string) {
  // What `npm run cases:import` runs, without npm's and the tsx CLI's extra processes (~1 s a call).
  return spawnSync(process.execPath, ["--import", "tsx", "app/cli/import-cases.ts", file], {
    encoding: "utf8",
    env: { ...process.env },
  });
}

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  await prisma.base.create({
    data: {
      code: "T-import-base",
      slug: "import-base",
      nameZh: "导入测试基地",
      nameEn: "Import Test Base",
      industry: "machinery-electrical",
      province: "jiangsu",
      cityZh: "苏州",
      cityEn: "Suzhou",
    },
  });
  await createTestUser({ role: "admin" });
  void execFileSync;
});

describe("cases:import", () => {
  it("imports valid records, reports each bad one, and exits 2", () => {
    const run = runImport(fixture);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("Created 1, updated 0, unchanged 0, failed 2.");
    expect(run.stdout).toMatch(/record #2 \(sample-2023-002\):[\s\S]*base: no base with slug "no-such-base"/);
    expect(run.stdout).toMatch(/record #3:[\s\S]*externalId/);
  }, 60_000);

  it("is idempotent by external id and turns an edited record into a new revision", async () => {
    const again = runImport(fixture);
    expect(again.stdout).toContain("Created 0, updated 0, unchanged 1, failed 2.");
    const c = await prisma.caseStudy.findUnique({
      where: { externalId: "sample-2023-001" },
      select: { revisionNumber: true, status: true, publishedAt: true, slug: true },
    });
    expect(c).toMatchObject({ revisionNumber: 1, status: "published" });
    expect(new Date(c!.publishedAt!).toISOString().slice(0, 10)).toBe("2023-06-01");

    const edited = JSON.parse(fs.readFileSync(fixture, "utf8"));
    edited.cases[0].sections.results = "送检周期缩短三分之二，检测费用下降20%。";
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "import-")), "edited.json");
    fs.writeFileSync(tmp, JSON.stringify(edited));
    const third = runImport(tmp);
    expect(third.stdout).toContain("Created 0, updated 1, unchanged 0, failed 2.");
    expect(await prisma.caseStudy.count({ where: { externalId: "sample-2023-001" } })).toBe(1);
    const after = await prisma.caseStudy.findUnique({
      where: { externalId: "sample-2023-001" },
      select: { revisionNumber: true },
    });
    expect(after?.revisionNumber).toBe(2);
  }, 90_000);

  it("refuses a file that is not an import file with a clear message", () => {
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "import-")), "bad.json");
    fs.writeFileSync(tmp, "{ not json");
    const run = runImport(tmp);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Cannot read");
  }, 60_000);
});
