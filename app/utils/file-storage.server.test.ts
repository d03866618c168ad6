// Both file stores keep a file under its key once, read it back whole and forget it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeS3 } from "../../tests/helpers/fake-s3.ts";
import { databaseFileStorage, fileStorage, localFileStorage, type FileStorage } from "./file-storage.server.ts";
import { s3FileStorage, type S3Settings } from "./s3-file-storage.server.ts";

// No S3 server runs here: an in-process fake that checks every request's signature.
const fakeS3 = await startFakeS3();
afterAll(() => fakeS3.close());
const s3Settings = (over: Partial<S3Settings> = {}): S3Settings => ({
  endpoint: fakeS3.endpoint,
  bucket: fakeS3.bucket,
  region: fakeS3.region,
  accessKeyId: fakeS3.accessKeyId,
  secretAccessKey: fakeS3.secretAccessKey,
  prefix: "site-a/",
  timeoutMs: 5_000,
  ...over,
});

const keyOf = (bytes: Buffer) => `uploads/${crypto.createHash("sha256").update(bytes).digest("hex")}.webp`;

describe.each([
  ["local", () => localFileStorage(fs.mkdtempSync(path.join(os.tmpdir(), "bee-files-")))],
  ["database", () => databaseFileStorage()],
  ["s3", () => s3FileStorage(s3Settings())],
])("the %s file store", (_name, make: () => FileStorage) => {
  it("stores a file once, reads it back whole, streams it, and removes it", async () => {
    const store = make();
    const bytes = crypto.randomBytes(70_000);
    const key = keyOf(bytes);
    expect(await store.stat(key)).toBeNull();
    expect(await store.read(key)).toBeNull();
    expect(await store.put(key, bytes)).toBe(true);
    expect(await store.put(key, bytes)).toBe(false);
    expect((await store.stat(key))?.size).toBe(bytes.length);
    expect((await store.read(key))?.equals(bytes)).toBe(true);
    const streamed = Buffer.from(await new Response(await store.stream(key)).arrayBuffer());
    expect(streamed.equals(bytes)).toBe(true);
    await store.remove(key);
    expect(await store.stat(key)).toBeNull();
  });

  it("refuses a key that could name another file", async () => {
    await expect(make().read("uploads/../../etc/passwd")).rejects.toThrow(/not a storage key/);
  });
});

describe("the s3 file store against a store that misbehaves", () => {
  it("keeps keys under its prefix in the bucket", async () => {
    const bytes = crypto.randomBytes(100);
    await s3FileStorage(s3Settings({ prefix: "site-b/" })).put(keyOf(bytes), bytes);
    expect(fakeS3.objects.has(`site-b/${keyOf(bytes)}`)).toBe(true);
  });

  it("names the bucket, key and the store's answer when a request is refused (wrong secret)", async () => {
    const store = s3FileStorage(s3Settings({ secretAccessKey: "not-the-secret" }));
    const bytes = crypto.randomBytes(100);
    await expect(store.put(keyOf(bytes), bytes)).rejects.toThrow(
      `S3 PUT bee-test/site-a/${keyOf(bytes)} answered 403 SignatureDoesNotMatch`,
    );
    expect(fakeS3.objects.has(`site-a/${keyOf(bytes)}`)).toBe(false);
  });

  it("retries a store's 503 and then succeeds", async () => {
    const bytes = crypto.randomBytes(100);
    fakeS3.failNext(503, 1);
    expect(await s3FileStorage(s3Settings()).put(keyOf(bytes), bytes)).toBe(true);
    expect(fakeS3.objects.get(`site-a/${keyOf(bytes)}`)?.bytes.equals(bytes)).toBe(true);
  });

  it("gives up with a clear error when the store keeps failing", async () => {
    const bytes = crypto.randomBytes(100);
    fakeS3.failNext(500, 10);
    await expect(s3FileStorage(s3Settings()).read(keyOf(bytes))).rejects.toThrow(
      /S3 GET .* answered 500 InternalError/,
    );
    fakeS3.failNext(500, 0);
  });
});

describe("the store in use", () => {
  it("is the local directory on SQLite unless FILE_STORAGE says database", () => {
    expect(fileStorage().kind).toBe("local");
    process.env.FILE_STORAGE = "database";
    try {
      expect(fileStorage().kind).toBe("database");
    } finally {
      delete process.env.FILE_STORAGE;
    }
  });
});
