// The only reader of process.env in the app. Parsed once with Zod; a bad value
// stops the boot with a message naming the variable (see docs/operations.md).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const PORT_FORM = "must be a whole number from 0 to 65535, e.g. PORT=3000";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce
    .number({ invalid_type_error: PORT_FORM })
    .int(PORT_FORM)
    .min(0, PORT_FORM)
    .max(65535, PORT_FORM)
    .default(3000),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:.|postgres(ql)?:\/\/.)/i,
      "must be a SQLite file: URL (file:./data/app.db, file:/var/lib/bee/app.db) or a PostgreSQL URL (postgresql://user:password@host:5432/bee)",
    )
    .optional(),
  // The public address of the site, used in mail links and canonical tags.
  // Defaults to http://HOST:PORT.
  APP_ORIGIN: z.string().url().optional(),
  TRUST_PROXY: boolish.default("false"),
  DEMO_DATA: boolish.default("true"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Base Experience Exchange <no-reply@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  JOBS_IN_PROCESS: boolish.default("true"),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  RATE_LIMITS: boolish.default("true"),
  // Whole pages for visitors who are not signed in are reused for this many
  // seconds (server/page-cache.ts); 0 turns the cache off.
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  // Email notifications are batched: a member gets at most one digest mail per
  // this many minutes, holding every notification not mailed yet.
  NOTIFY_MAIL_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  // Signs unsubscribe links (HMAC-SHA256). Every process sharing the database must
  // use the same value. When unset, a random secret is generated once and kept in
  // DATA_DIR/secret.key (mode 0600), so links keep working across restarts; set it
  // explicitly when DATA_DIR is not shared between the processes (app/utils/secret.server.ts).
  APP_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  // Search: the embedded SQLite FTS5 engine unless MEILI_HOST is set (or
  // SEARCH_ENGINE says otherwise). The Meilisearch timeout bounds every request,
  // so an engine that hangs counts as "unavailable" within a second.
  SEARCH_ENGINE: z.enum(["embedded", "meilisearch", "postgres"]).optional(),
  // The PostgreSQL search engine's database (postgresql://…); defaults to DATABASE_URL when that is PostgreSQL.
  SEARCH_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  MEILI_HOST: z.string().url().optional(),
  MEILI_API_KEY: z.string().min(1).optional(),
  MEILI_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
  // /metrics answers loopback clients, or others that send "Authorization: Bearer <token>".
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // Where uploaded files live (ADR 063): local (DATA_DIR, the default on SQLite), database (the
  // default on PostgreSQL) or s3 (an S3-compatible store every node reaches; the S3_* settings).
  FILE_STORAGE: z.enum(["local", "database", "s3"]).optional(),
  S3_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^/\s]+(\/[^\s]*)?$/, "must be the store's http(s) URL, e.g. S3_ENDPOINT=http://minio:9000")
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "must be a bucket name: 3-63 lower-case letters, digits, dots, hyphens",
    )
    .optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Keys are stored under this prefix in the bucket (e.g. "bee/"), so one bucket can serve several sites.
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or end with "/", e.g. S3_PREFIX=bee/')
    .default(""),
  S3_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // On SIGTERM a node first answers /readyz with 503 for this long while still serving, so a
  // load balancer's health check takes it out of rotation before it stops accepting connections.
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().int().min(0).max(60).default(0),
  // /readyz reports not ready when the oldest due job or search change waits longer than this.
  READY_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  // Partial matching (issue 13): with fewer results than this for every word, the least
  // informative words are dropped (0 = every word always required).
  SEARCH_RELAX_BELOW: z.coerce.number().int().min(0).max(100).default(5),
  // Search demand for /insights (app/models/search-log.server.ts): daily counts per
  // query, no user identity, deleted after this many days.
  SEARCH_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  // The site footer (PIPL / filing rules): defaults an administrator can override
  // at /admin/site (app/models/site-footer.server.ts). Empty = not shown.
  SITE_ICP_FILING: z.string().max(200).optional(),
  SITE_POLICE_FILING: z.string().max(200).optional(),
  SITE_CONTACT_EMAIL: z.string().email().max(200).optional(),
  // The privacy policy's version; sign-up records which version was agreed to.
  PRIVACY_POLICY_VERSION: z.string().min(1).max(40).default("2026-12-06"),
  // A member's first this-many posts (cases and comments) wait for a moderator's approval
  // (app/models/approval.server.ts); 0 = off. An administrator may override it at /moderation/approvals.
  FIRST_POSTS_REQUIRING_APPROVAL: z.coerce.number().int().min(0).max(20).default(0),
});

const S3_REQUIRED = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

// Settings that only make sense together.
const checkedSchema = schema.superRefine((value, ctx) => {
  if (value.FILE_STORAGE !== "s3") return;
  const missing = S3_REQUIRED.filter((name) => !value[name]);
  if (missing.length > 0)
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["FILE_STORAGE"],
      message: `FILE_STORAGE=s3 needs ${missing.join(", ")} as well`,
    });
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset so `FOO= npm start` falls back to defaults.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = checkedSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map(
        (i) => `${i.path.join(".")}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])] ?? null)})`,
      ),
    );
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function appOrigin(): string {
  const e = env();
  return (e.APP_ORIGIN ?? `http://${e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST}:${e.PORT}`).replace(/\/$/, "");
}

/**
 * Every setting problem, one line each, before anything is done with them (no
 * migration, no demo data): the variables' forms, then the places on disk they
 * name — the data directory and the database's directory must exist and be
 * writable (SQLite writes its -wal and -shm files beside the database).
 */
export function settingsProblems(source: Record<string, string | undefined>): string[] {
  let parsed: Env;
  try {
    parsed = parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  const problems: string[] = [];
  const writable = (name: string, dir: string, create: boolean) => {
    if (!fs.existsSync(dir)) {
      if (create) {
        try {
          fs.mkdirSync(dir, { recursive: true });
          return;
        } catch (e) {
          problems.push(
            `${name}: cannot create the directory ${dir} (${(e as NodeJS.ErrnoException).code}); create it or choose another place`,
          );
          return;
        }
      }
      problems.push(`${name}: the directory ${dir} does not exist; create it (mkdir -p ${dir}) or fix the path`);
      return;
    }
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      // Root passes access() on a read-only mount: try a real write.
      const probe = path.join(dir, `.write-test-${process.pid}`);
      fs.writeFileSync(probe, "");
      fs.rmSync(probe);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(
        `${name}: the directory ${dir} is not writable (${code === "EROFS" ? "read-only file system" : code}); the database writes its -wal and -shm files there: mount it read-write or choose another directory`,
      );
    }
  };
  // The default ./data is created on first start; a directory named explicitly must exist.
  const dataDir = path.resolve(parsed.DATA_DIR);
  writable("DATA_DIR", dataDir, source.DATA_DIR === undefined || source.DATA_DIR === "");
  if (parsed.DATABASE_URL && /^file:/.test(parsed.DATABASE_URL)) {
    const file = path.resolve(parsed.DATABASE_URL.replace(/^file:/, "").replace(/\?.*$/, ""));
    writable("DATABASE_URL", path.dirname(file), false);
  }
  return problems;
}
