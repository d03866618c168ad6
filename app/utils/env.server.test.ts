import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server.ts";

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("falls back to defaults for unset and empty values", () => {
    const env = parseEnv({ PORT: "", SMTP_URL: "" });
    expect(env.PORT).toBe(3000);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.RATE_LIMITS).toBe(true);
    expect(env.NODE_ENV).toBe("development");
  });

  it("reads valid values", () => {
    const env = parseEnv({
      PORT: "8080",
      SMTP_URL: "smtps://user:pw@mail.example.cn:465",
      RATE_LIMITS: "false",
      TRUST_PROXY: "1",
    });
    expect(env.PORT).toBe(8080);
    expect(env.SMTP_URL).toBe("smtps://user:pw@mail.example.cn:465");
    expect(env.RATE_LIMITS).toBe(false);
    expect(env.TRUST_PROXY).toBe(true);
  });

  it("names PORT when it is not a port number", () => {
    for (const bad of ["http", "70000", "-1", "3.5"]) {
      const p = problems({ PORT: bad });
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/^PORT: /);
      expect(p[0]).toContain(JSON.stringify(bad));
    }
  });

  it("names SMTP_URL when it is not an smtp(s) URL", () => {
    const p = problems({ SMTP_URL: "http://mail.example.cn" });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
  });

  it("reports every bad variable at once, in the error message too", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "abc", SMTP_URL: "mail.example.cn", RATE_LIMITS: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    for (const name of ["PORT", "SMTP_URL", "RATE_LIMITS"]) expect(message).toContain(`${name}:`);
  });
});
