// The only reader of process.env in the app. Parsed once with Zod; a bad value
// stops the boot with a message naming the variable (see docs/operations.md).
import { z } from "zod";

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "must be a SQLite file: URL, e.g. file:./data/app.db")
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
  SEARCH_ENGINE: z.enum(["embedded", "meilisearch"]).optional(),
  MEILI_HOST: z.string().url().optional(),
  MEILI_API_KEY: z.string().min(1).optional(),
  MEILI_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
  // Search demand for /insights (app/models/search-log.server.ts): daily counts per
  // query, no user identity, deleted after this many days.
  SEARCH_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  // A member's first this-many posts (cases and comments) wait for a moderator's approval
  // (app/models/approval.server.ts); 0 = off. An administrator may override it at /moderation/approvals.
  FIRST_POSTS_REQUIRING_APPROVAL: z.coerce.number().int().min(0).max(20).default(0),
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
  const result = schema.safeParse(cleaned);
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
