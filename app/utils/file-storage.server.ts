// Where uploaded files live (images, case documents), behind one interface (ADR 047).
// FILE_STORAGE=local (the embedded default): files under DATA_DIR, written to a
// temporary name and renamed, so a reader never sees half a file. FILE_STORAGE=database
// (the default on PostgreSQL): the StoredFile table, so every app node serves what any
// node stored, and a database backup holds the files too. FILE_STORAGE=s3: an S3-compatible
// object store (s3-file-storage.server.ts, ADR 063). Keys are
// "<area>/<name>" with names the callers made from content hashes, so a key never
// names another file and a stored file never changes.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { databaseProvider, dataDir } from "./database-url.ts";
import { prisma } from "./db.server.ts";
import { parseEnv } from "./env.server.ts";
import { s3FileStorage, s3SettingsFrom } from "./s3-file-storage.server.ts";
import { checked, type FileStorage } from "./stored-file.ts";

export type { FileStorage, StoredFileInfo } from "./stored-file.ts";

export function localFileStorage(root = dataDir()): FileStorage {
  const at = (key: string) => path.join(root, checked(key));
  const stat = async (key: string) => {
    const st = await fs.promises.stat(at(key)).catch(() => null);
    return st?.isFile() ? { size: st.size, mtime: st.mtime } : null;
  };
  return {
    kind: "local",
    async put(key, bytes) {
      const target = at(key);
      if (fs.existsSync(target)) return false;
      const dir = path.dirname(target);
      // Only the app's user reads stored files (the app serves them, with its own checks).
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      // Write then rename, so a reader never sees half a file under the final name.
      const tmp = path.join(
        dir,
        `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`,
      );
      try {
        await fs.promises.writeFile(tmp, bytes, { mode: 0o600 });
        await fs.promises.rename(tmp, target);
      } catch (error) {
        // A full disk leaves a short or empty temporary file: never keep it.
        await fs.promises.rm(tmp, { force: true }).catch(() => {});
        throw error;
      }
      return true;
    },
    stat,
    async read(key) {
      return fs.promises.readFile(at(key)).catch(() => null);
    },
    async stream(key) {
      if (!(await stat(key))) return null;
      return Readable.toWeb(fs.createReadStream(at(key))) as ReadableStream<Uint8Array>;
    },
    async remove(key) {
      await fs.promises.rm(at(key), { force: true });
    },
  };
}

export function databaseFileStorage(): FileStorage {
  const read = async (key: string) => {
    const row = await prisma.storedFile.findUnique({ where: { key: checked(key) }, select: { bytes: true } });
    return row ? Buffer.from(row.bytes) : null;
  };
  return {
    kind: "database",
    async put(key, bytes) {
      try {
        await prisma.storedFile.create({
          data: { key: checked(key), bytes: Buffer.from(bytes) as Uint8Array<ArrayBuffer>, size: bytes.byteLength },
          select: { key: true },
        });
        return true;
      } catch (error) {
        // Stored already (the same content from another request or node): names are content hashes.
        if ((error as { code?: string }).code === "P2002") return false;
        throw error;
      }
    },
    async stat(key) {
      const row = await prisma.storedFile.findUnique({
        where: { key: checked(key) },
        select: { size: true, createdAt: true },
      });
      return row ? { size: row.size, mtime: row.createdAt } : null;
    },
    read,
    async stream(key) {
      const bytes = await read(key);
      return bytes ? (Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>) : null;
    },
    async remove(key) {
      await prisma.storedFile.deleteMany({ where: { key: checked(key) } });
    },
  };
}

let s3: { endpoint: string; store: FileStorage } | undefined;

/** The storage FILE_STORAGE names: `database` by default on PostgreSQL, `local` (DATA_DIR) on SQLite, or `s3`. */
export function fileStorage(): FileStorage {
  const setting = process.env.FILE_STORAGE || (databaseProvider() === "postgresql" ? "database" : "local");
  if (setting === "database") return databaseFileStorage();
  if (setting !== "s3") return localFileStorage();
  // One client per process (it caches its signing keys). The settings were checked at start
  // (env.server.ts); read again only when they change (tests point FILE_STORAGE at a fake store).
  const endpoint = `${process.env.S3_ENDPOINT} ${process.env.S3_BUCKET} ${process.env.S3_PREFIX}`;
  if (s3?.endpoint !== endpoint) s3 = { endpoint, store: s3FileStorage(s3SettingsFrom(parseEnv(process.env))) };
  return s3.store;
}
