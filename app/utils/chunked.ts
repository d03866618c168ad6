// Lists of ids in one statement (`where: { id: { in: ids } }`) are cut into
// chunks: Prisma's SQLite query compiler refuses a statement with more bound
// parameters than SQLite's old limit of 999 ("too many SQL variables"), so one
// unbounded list stopped, for good, the digest of a member with 999+ unmailed
// notifications (issue 10 point 11). Every list of ids whose length is not
// bounded by a constant goes through these helpers.

/** Well under 999, leaving room for the statement's other parameters. */
export const IDS_PER_STATEMENT = 500;

export function chunked<T>(items: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError("chunk size must be a positive integer");
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs a read per chunk, one after the other, and concatenates the rows. */
export async function findInChunks<T, R>(ids: readonly T[], find: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (const chunk of chunked(ids)) rows.push(...(await find(chunk)));
  return rows;
}

/** Runs an updateMany/deleteMany per chunk and adds up the counts. */
export async function countInChunks<T>(
  ids: readonly T[],
  write: (chunk: T[]) => Promise<{ count: number }>,
): Promise<number> {
  let count = 0;
  for (const chunk of chunked(ids)) count += (await write(chunk)).count;
  return count;
}
