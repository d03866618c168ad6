import { describe, expect, it } from "vitest";
import { beijingMonthSql, postgresArgs, toPostgres } from "./sql-dialect.ts";

describe("SQLite statements in PostgreSQL's dialect", () => {
  it("quotes camelCase tables, columns and aliases, and numbers ? parameters", () => {
    expect(
      toPostgres(
        "SELECT s.id AS sessionId, u.displayName FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ? AND u.role = ?",
      ).text,
    ).toBe(
      'SELECT s.id AS "sessionId", u."displayName" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = $1 AND u.role = $2',
    );
  });

  it("leaves keywords, functions, string literals and quoted names alone", () => {
    const { text } = toPostgres(
      `SELECT count(*) AS n, max(c.updatedAt) FROM "CaseStudy" c WHERE c.status = 'published' AND c.title <> 'It''s OK?'`,
    );
    expect(text).toBe(
      `SELECT count(*) AS n, max(c."updatedAt") FROM "CaseStudy" c WHERE c.status = 'published' AND c.title <> 'It''s OK?'`,
    );
  });

  it("binds @name parameters by name, each name once", () => {
    const stmt = toPostgres(
      "SELECT 1 FROM CaseStudy c WHERE c.publishedAt >= @from AND c.publishedAt < @to OR @from IS NULL",
    );
    expect(stmt.text).toBe(
      'SELECT 1 FROM "CaseStudy" c WHERE c."publishedAt" >= $1 AND c."publishedAt" < $2 OR $1 IS NULL',
    );
    expect(postgresArgs(stmt, [{ to: "b", from: "a" }])).toEqual(["a", "b"]);
  });

  it("refuses a statement that mixes ? and @name", () => {
    expect(() => toPostgres("SELECT 1 WHERE a = ? AND b = @b")).toThrow(/mixes/);
  });

  it("drops INDEXED BY and translates SQLite's JSON and date functions", () => {
    expect(
      toPostgres(
        "SELECT c.id FROM CaseStudy c INDEXED BY CaseStudy_insights_idx WHERE c.id IN (SELECT value FROM json_each(?))",
      ).text,
    ).toBe('SELECT c.id FROM "CaseStudy" c WHERE c.id IN (SELECT value FROM json_array_elements_text($1::json))');
    expect(toPostgres("SELECT json_group_array(json_object('id', t.id, 'nameZh', t.nameZh)) FROM Topic t").text).toBe(
      `SELECT coalesce(json_agg(json_build_object('id', t.id, 'nameZh', t."nameZh")), '[]') FROM "Topic" t`,
    );
    expect(toPostgres("WHERE julianday(c.publishedAt) < julianday(?)").text).toBe('WHERE (c."publishedAt") < ($1)');
  });

  it("has one form of the Beijing month per database", () => {
    expect(beijingMonthSql("c.publishedAt", "sqlite")).toBe("strftime('%Y-%m', c.publishedAt, '+8 hours')");
    expect(beijingMonthSql("c.publishedAt", "postgresql")).toBe(
      "to_char(c.publishedAt + interval '8 hours', 'YYYY-MM')",
    );
  });
});
