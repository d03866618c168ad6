// What the file storage holds (app/utils/file-storage.server.ts), whichever one the
// database selects: the DATA_DIR folders on SQLite, the StoredFile table on PostgreSQL.
// Tests look through these instead of the directory, so they check both.
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "~/utils/database-url.ts";
import { prisma } from "~/utils/db.server.ts";
import { fileStorage } from "~/utils/file-storage.server.ts";

/** The names stored in one folder (`uploads`, `evidence`), a local temporary file included. */
export async function storedNames(folder: string): Promise<string[]> {
  if (fileStorage().kind === "database") {
    const rows = await prisma.storedFile.findMany({
      where: { key: { startsWith: `${folder}/` } },
      select: { key: true },
    });
    return rows.map((r) => r.key.slice(folder.length + 1)).sort();
  }
  const dir = path.join(dataDir(), folder);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** The bytes stored under `folder/name`, or null. */
export function readStored(folder: string, name: string): Promise<Buffer | null> {
  return fileStorage().read(`${folder}/${name}`);
}

/** Stores bytes under `folder/name` as the app would. */
export async function putStored(folder: string, name: string, bytes: Uint8Array): Promise<void> {
  await fileStorage().put(`${folder}/${name}`, bytes);
}
