// Copies an embedded SQLite deployment into PostgreSQL (issue 14 point 7):
//   npm run db:copy -- --from file:data/app.db --to postgresql://user@host:5432/bee
// The target is migrated first (`prisma migrate deploy` on it) and must be empty; the
// source must have every migration this build ships. Tables are copied in foreign-key
// order (rows of a self-referencing table parents first), in batches, in one
// PostgreSQL transaction: a failure leaves the target as it was. Column types are
// taken from the target (SQLite keeps dates as text and booleans as 0/1). Autoincrement
// sequences are moved past the copied ids; every table's row count is compared at the end.
// The search index is not copied: run `npm run search:reindex` against the new database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type pg from "pg";
import { createPgPool } from "../app/utils/pg-adapter.ts";

const BATCH_ROWS = 500;

type Row = Record<string, unknown>;

export interface CopyReport {
  tables: Array<{ table: string; rows: number }>;
}

function sqliteFile(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`--from must be a file: URL of the SQLite database (got ${url})`);
  const file = path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
  if (!fs.existsSync(file)) throw new Error(`--from: no database at ${file}`);
  return file;
}

/** Tables in an order where every table comes after those its foreign keys point to. */
function foreignKeyOrder(tables: string[], refs: Array<{ from: string; to: string }>): string[] {
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size) {
    const ready = [...pending].filter((t) => refs.every((r) => r.from !== t || r.to === t || !pending.has(r.to)));
    if (!ready.length) throw new Error(`foreign keys form a cycle among: ${[...pending].join(", ")}`);
    for (const t of ready.sort()) {
      ordered.push(t);
      pending.delete(t);
    }
  }
  return ordered;
}

/** A self-referencing table's rows with every parent before its children. */
function parentsFirst(rows: Row[], selfColumns: string[]): Row[] {
  if (!selfColumns.length) return rows;
  const out: Row[] = [];
  const done = new Set<unknown>();
  let rest = rows;
  while (rest.length) {
    const next = rest.filter((r) => !selfColumns.every((c) => r[c] == null || done.has(r[c])));
    const ready = rest.filter((r) => selfColumns.every((c) => r[c] == null || done.has(r[c])));
    if (!ready.length) throw new Error("rows refer to parents that do not exist");
    for (const r of ready) {
      out.push(r);
      done.add(r.id);
    }
    rest = next;
  }
  return out;
}

function toPg(value: unknown, dataType: string): unknown {
  if (value == null) return null;
  if (dataType === "boolean") return Boolean(value);
  if (dataType.startsWith("timestamp")) return typeof value === "number" ? new Date(value) : new Date(String(value));
  return value;
}

export async function copyDatabase(fromUrl: string, toUrl: string, log = console.log): Promise<CopyReport> {
  const file = sqliteFile(fromUrl);
  if (!/^postgres(ql)?:\/\//.test(toUrl)) throw new Error(`--to must be a postgresql:// URL (got ${toUrl})`);

  const source = new Database(file, { readonly: true, fileMustExist: true });
  const pool = createPgPool(toUrl);
  try {
    const shipped = fs
      .readdirSync(path.join("prisma", "migrations"))
      .filter((d) => /^\d{14}_/.test(d))
      .sort();
    const applied = new Set(
      (
        source.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL").all() as Row[]
      ).map((r) => r.migration_name as string),
    );
    const missing = shipped.filter((m) => !applied.has(m));
    if (missing.length)
      throw new Error(`the source lacks migrations ${missing.join(", ")}: run npm run db:migrate on it first`);

    log("Migrating the target …");
    const deploy = spawnSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: toUrl },
      encoding: "utf8",
    });
    if (deploy.status !== 0) throw new Error(`migrating the target failed:\n${deploy.stderr || deploy.stdout}`);

    const columns = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
    const types = new Map<string, Map<string, string>>();
    for (const c of columns.rows) {
      if (!types.has(c.table_name)) types.set(c.table_name, new Map());
      types.get(c.table_name)!.set(c.column_name, c.data_type);
    }
    const fks = await pool.query<{ from_table: string; from_column: string; to_table: string }>(`
      SELECT tc.table_name AS from_table, kcu.column_name AS from_column, ccu.table_name AS to_table
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`);
    const order = foreignKeyOrder(
      [...types.keys()],
      fks.rows.map((r) => ({ from: r.from_table, to: r.to_table })),
    );

    const client: pg.PoolClient = await pool.connect();
    const report: CopyReport = { tables: [] };
    try {
      for (const table of order) {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
        if (Number(rows[0]!.n) > 0)
          throw new Error(`the target is not empty ("${table}" has rows): copy into a new database`);
      }
      await client.query("BEGIN");
      for (const table of order) {
        const colTypes = types.get(table)!;
        const names = [...colTypes.keys()];
        const selfColumns = fks.rows
          .filter((r) => r.from_table === table && r.to_table === table)
          .map((r) => r.from_column);
        const list = names.map((n) => `"${n}"`).join(", ");
        const rows = parentsFirst(source.prepare(`SELECT ${list} FROM "${table}"`).all() as Row[], selfColumns);
        for (let i = 0; i < rows.length; i += BATCH_ROWS) {
          const batch = rows.slice(i, i + BATCH_ROWS);
          const values: unknown[] = [];
          const tuples = batch.map((row) => {
            const marks = names.map((n) => {
              values.push(toPg(row[n], colTypes.get(n)!));
              return `$${values.length}`;
            });
            return `(${marks.join(", ")})`;
          });
          await client.query(`INSERT INTO "${table}" (${list}) VALUES ${tuples.join(", ")}`, values);
        }
        // Autoincrement ids continue after the copied ones.
        for (const [name, type] of colTypes) {
          if (type !== "integer" && type !== "bigint") continue;
          const seq = await client.query<{ s: string | null }>("SELECT pg_get_serial_sequence($1, $2) AS s", [
            `"${table}"`,
            name,
          ]);
          const s = seq.rows[0]?.s;
          if (s)
            await client.query(`SELECT setval($1, GREATEST((SELECT COALESCE(MAX("${name}"), 0) FROM "${table}"), 1))`, [
              s,
            ]);
        }
        report.tables.push({ table, rows: rows.length });
        log(`  ${table}: ${rows.length}`);
      }
      for (const { table, rows } of report.tables) {
        const { rows: got } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
        if (Number(got[0]!.n) !== rows)
          throw new Error(`"${table}": copied ${rows} rows but the target has ${got[0]!.n}`);
      }
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
    return report;
  } finally {
    source.close();
    await pool.end();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (flag: string) => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const from = arg("--from");
  const to = arg("--to");
  if (!from || !to) {
    console.error("Usage: npm run db:copy -- --from file:data/app.db --to postgresql://user@host:5432/database");
    process.exit(1);
  }
  copyDatabase(from, to).then(
    (r) => {
      const total = r.tables.reduce((n, t) => n + t.rows, 0);
      console.log(
        `Copied ${total} rows in ${r.tables.length} tables. Next: npm run search:reindex with the new DATABASE_URL.`,
      );
    },
    (e: unknown) => {
      console.error(`db:copy: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
