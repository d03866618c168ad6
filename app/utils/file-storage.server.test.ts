// Both file stores keep a file under its key once, read it back whole and forget it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseFileStorage, fileStorage, localFileStorage, type FileStorage } from "./file-storage.server.ts";

const keyOf = (bytes: Buffer) => `uploads/${crypto.createHash("sha256").update(bytes).digest("hex")}.webp`;

describe.each([
  ["local", () => localFileStorage(fs.mkdtempSync(path.join(os.tmpdir(), "bee-files-")))],
  ["database", () => databaseFileStorage()],
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
