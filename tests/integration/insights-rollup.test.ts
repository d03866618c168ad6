// The dashboard's adoption figures stay exact with the daily rollup (ADR 053): equal
// to a direct count of Adoption rows before the job ran, after it, after writes to
// rolled-up days and today, and for ranges cut at Beijing-day edges
// (tests/helpers/insights-exactness.ts; the PostgreSQL run is insights-rollup-pg.test.ts).
import { expect, it } from "vitest";
import { checkExactness, runExactnessScenario } from "../helpers/insights-exactness.ts";

it("matches a direct count through the rollup's life, on SQLite", async () => {
  checkExactness(await runExactnessScenario(), expect);
}, 60_000);
