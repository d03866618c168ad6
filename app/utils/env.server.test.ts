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

  it("names what FILE_STORAGE=s3 still needs, and takes a complete S3 setting", () => {
    const p = problems({ FILE_STORAGE: "s3", S3_BUCKET: "bee-files" });
    expect(p).toEqual([
      'FILE_STORAGE: FILE_STORAGE=s3 needs S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY as well (got "s3")',
    ]);
    expect(
      problems({ FILE_STORAGE: "s3", S3_ENDPOINT: "minio:9000", S3_BUCKET: "Bee_Files" }).map((x) => x.split(":")[0]),
    ).toEqual(["S3_ENDPOINT", "S3_BUCKET", "FILE_STORAGE"]);
    const full = parseEnv({
      FILE_STORAGE: "s3",
      S3_ENDPOINT: "http://minio:9000",
      S3_BUCKET: "bee-files",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
    });
    expect(full.S3_REGION).toBe("us-east-1");
    expect(full.S3_PREFIX).toBe("");
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
