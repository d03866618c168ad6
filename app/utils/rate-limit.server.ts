// Rate limits for the account flows (login, sign-up, mail sending). On SQLite the
// counters live in their own SQLite file, DATA_DIR/rate-limit.db, so several server
// processes of one machine share them and the app database sees no write traffic
// from them. On PostgreSQL (ADR 047) they live in the app's database, in two tables
// of their own outside Prisma's schema (rate_limits, login_backoff), so every app
// node counts against the same budget. This module is the one place that knows the
// two stores; login-throttle.server.ts asks it for the back-off counter.
// env().RATE_LIMITS=false turns every limit off (load tests, local scripts).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { dataDir, databaseProvider, databaseUrl } from "./database-url.ts";
import { loadPg, pgConfig } from "./pg-adapter.ts";
import { env } from "./env.server.ts";
import { useWalMode } from "./sqlite-wal.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import type { Locale } from "~/i18n/config.ts";

const TABLE = "rate_limits";

/** Every limit in one place: `points` allowed per `duration` seconds. */
export const LIMITS = {
  /**
   * Failed logins of one account from one place (ADR 018): key `<account>|ip:<address>`,
   * or `<account>|device:<id>` for a browser holding a signed device token. The account
   * is the user id, or the typed name when there is no such user.
   */
  loginPair: { points: 5, duration: 15 * 60 },
  /** Failed logins from one IP address, across accounts (password spraying). */
  loginIp: { points: 30, duration: 15 * 60 },
  /** Sign-up attempts from one IP address, whatever their outcome (issue 10.4). */
  signupIp: { points: 5, duration: 60 * 60 },
  /** "Someone tried to sign up with your address" mails per address. */
  signupNotice: { points: 1, duration: 60 * 60 },
  /** Verification mails one account may ask for. */
  verifyMailAccount: { points: 3, duration: 60 * 60 },
  verifyMailIp: { points: 10, duration: 60 * 60 },
  /** Password-reset mails per typed email address and per IP address. */
  resetAccount: { points: 3, duration: 60 * 60 },
  resetIp: { points: 10, duration: 60 * 60 },
  /** Images one member may upload per hour (each is decoded and re-encoded). */
  uploadUser: { points: 60, duration: 60 * 60 },
  /** Searches (page and API) by one visitor: their IP address (see searchLimitChecks). */
  searchIp: { points: 120, duration: 60 },
  /** Searches by one signed-in member, wherever they are. */
  searchUser: { points: 120, duration: 60 },
  /**
   * Searches through one untrusted proxy address altogether: the ceiling over the
   * per-visitor buckets that X-Forwarded-For (unverifiable there) separates.
   */
  searchProxy: { points: 120 * 20, duration: 60 },
  /** Comments one member may post (key: user id); accounts younger than a day also spend commentNewMember. */
  commentMember: { points: 10, duration: 10 * 60 },
  commentNewMember: { points: 3, duration: 10 * 60 },
  /** @mention look-ups per member. */
  mentionLookup: { points: 60, duration: 60 },
  /** Reports one member may file (ADR 035). */
  reportMember: { points: 20, duration: 60 * 60 },
  /** Helpful-vote toggles per member. */
  voteMember: { points: 120, duration: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

/** The result of claiming a login back-off attempt. */
type BackoffResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Where the counters live. The back-off (ADR 018) is a read-then-write that must be
 * atomic across processes: `claim` decides from the account's row whether another
 * attempt may go ahead and, if so, records it, in one transaction.
 */
interface Store {
  limiter(name: LimitName): RateLimiterAbstract;
  claimBackoff(
    account: string,
    decide: (row: { failures: number; last_at: number } | undefined) => BackoffResult & { failures?: number },
    now: number,
  ): Promise<BackoffResult>;
  releaseBackoff(account: string): Promise<void>;
  /** Forgets the back-off and the per-place counters (keys starting with `prefix`) of an account. */
  forgetAccount(account: string, prefix: string): Promise<void>;
  close(): void;
}

const globalStore = globalThis as unknown as { __rateLimitStore?: Store };

const BACKOFF_TABLE = "login_backoff";

/** The options every store's limiter shares: our own table (created by the store) and the limit's points. */
function limiterOptions(name: LimitName) {
  return { tableName: TABLE, tableCreated: true, clearExpiredByTimeout: true, keyPrefix: name, ...LIMITS[name] };
}

/** One limiter per limit name, made on first use. */
function limiterPerName(make: (name: LimitName) => RateLimiterAbstract): (name: LimitName) => RateLimiterAbstract {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  return (name) => {
    let l = limiters.get(name);
    if (!l) limiters.set(name, (l = make(name)));
    return l;
  };
}

function sqliteStore(): Store {
  const dir = dataDir();
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, "rate-limit.db"), { timeout: 5000 });
  useWalMode(db);
  db.pragma("synchronous = NORMAL");
  // Created here rather than by the library, whose constructor creates it
  // asynchronously and fails a consume() that comes before it is done.
  db.prepare(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`,
  ).run();
  db.prepare(
    `CREATE TABLE IF NOT EXISTS ${BACKOFF_TABLE} (account TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at INTEGER NOT NULL)`,
  ).run();
  return {
    limiter: limiterPerName(
      (name) => new RateLimiterSQLite({ storeClient: db, storeType: "better-sqlite3", ...limiterOptions(name) }),
    ),
    claimBackoff(account, decide, now) {
      const result = db
        .transaction((): BackoffResult => {
          const row = db.prepare(`SELECT failures, last_at FROM ${BACKOFF_TABLE} WHERE account = ?`).get(account) as
            { failures: number; last_at: number } | undefined;
          const d = decide(row);
          if (!d.ok) return d;
          db.prepare(
            `INSERT INTO ${BACKOFF_TABLE} (account, failures, last_at) VALUES (?, ?, ?) ON CONFLICT(account) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at`,
          ).run(account, d.failures, now);
          return { ok: true };
        })
        .immediate();
      return Promise.resolve(result);
    },
    releaseBackoff(account) {
      db.prepare(`UPDATE ${BACKOFF_TABLE} SET failures = max(failures - 1, 0) WHERE account = ?`).run(account);
      return Promise.resolve();
    },
    forgetAccount(account, prefix) {
      db.prepare(`DELETE FROM ${BACKOFF_TABLE} WHERE account = ?`).run(account);
      db.prepare(`DELETE FROM ${TABLE} WHERE substr(key, 1, ?) = ?`).run(prefix.length, prefix);
      return Promise.resolve();
    },
    close: () => db.close(),
  };
}

function postgresStore(url: string): Store {
  const pool = new (loadPg().Pool)({ ...pgConfig(url), max: 3 });
  pool.on("error", () => {}); // an idle connection the server closed; the next query opens another
  // Created once per process before the first use; IF NOT EXISTS, and a node that loses
  // the race to create them (a unique violation in the catalogue) finds them made.
  let ready: Promise<void> | null = null;
  const tables = () =>
    (ready ??= (async () => {
      for (const sql of [
        `CREATE TABLE IF NOT EXISTS ${TABLE} (key text PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`,
        `CREATE TABLE IF NOT EXISTS ${BACKOFF_TABLE} (account text PRIMARY KEY, failures integer NOT NULL, last_at bigint NOT NULL)`,
      ]) {
        try {
          await pool.query(sql);
        } catch (error) {
          if ((error as { code?: string }).code !== "23505") throw error;
        }
      }
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    }));
  const waiting = (l: RateLimiterAbstract): RateLimiterAbstract =>
    new Proxy(l, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          await tables();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    limiter: limiterPerName((name) =>
      waiting(new RateLimiterPostgres({ storeClient: pool, storeType: "pool", ...limiterOptions(name) })),
    ),
    async claimBackoff(account, decide, now) {
      await tables();
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO ${BACKOFF_TABLE} (account, failures, last_at) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING`,
          [account],
        );
        const { rows } = await client.query<{ failures: number; last_at: string }>(
          `SELECT failures, last_at FROM ${BACKOFF_TABLE} WHERE account = $1 FOR UPDATE`,
          [account],
        );
        const row = rows[0] && { failures: rows[0].failures, last_at: Number(rows[0].last_at) };
        const d = decide(row && row.last_at > 0 ? row : undefined);
        if (d.ok) {
          await client.query(`UPDATE ${BACKOFF_TABLE} SET failures = $2, last_at = $3 WHERE account = $1`, [
            account,
            d.failures,
            now,
          ]);
        }
        await client.query("COMMIT");
        return d.ok ? { ok: true } : d;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async releaseBackoff(account) {
      await tables();
      await pool.query(`UPDATE ${BACKOFF_TABLE} SET failures = greatest(failures - 1, 0) WHERE account = $1`, [
        account,
      ]);
    },
    async forgetAccount(account, prefix) {
      await tables();
      await pool.query(`DELETE FROM ${BACKOFF_TABLE} WHERE account = $1`, [account]);
      await pool.query(`DELETE FROM ${TABLE} WHERE substr(key, 1, $1) = $2`, [prefix.length, prefix]);
    },
    close: () => void pool.end().catch(() => {}),
  };
}

function store(): Store {
  if (!globalStore.__rateLimitStore) {
    const url = databaseUrl();
    globalStore.__rateLimitStore = databaseProvider(url) === "postgresql" ? postgresStore(url) : sqliteStore();
  }
  return globalStore.__rateLimitStore;
}

/** Closes the counters' store (shutdown); the next limit check opens it again. */
export function closeRateLimitStore(): void {
  globalStore.__rateLimitStore?.close();
  globalStore.__rateLimitStore = undefined;
}

/** The counters' store, for the login back-off (login-throttle.server.ts, ADR 018). */
export function rateLimitStore(): Store {
  return store();
}

function limiter(name: LimitName): RateLimiterAbstract {
  return store().limiter(name);
}

export function rateLimitsEnabled(): boolean {
  return env().RATE_LIMITS;
}

/** Thrown-free result: either allowed, or blocked with the time until the next try. */
export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

function normalise(key: string): string {
  return key.trim().toLowerCase().slice(0, 300);
}

/**
 * Spends one point of each named limit. If any of them is used up, the request
 * is refused with the longest wait among them.
 */
export async function consume(checks: Array<[LimitName, string]>, points = 1): Promise<LimitResult> {
  if (!rateLimitsEnabled()) return { ok: true };
  let wait = 0;
  for (const [name, key] of checks) {
    try {
      await limiter(name).consume(normalise(key), points);
    } catch (error) {
      if (error instanceof RateLimiterRes) wait = Math.max(wait, error.msBeforeNext);
      else throw error;
    }
  }
  return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true };
}

/** Whether the limits are already used up, without spending a point. */
export async function peek(checks: Array<[LimitName, string]>): Promise<LimitResult> {
  if (!rateLimitsEnabled()) return { ok: true };
  let wait = 0;
  for (const [name, key] of checks) {
    const res = await limiter(name).get(normalise(key));
    if (res && res.consumedPoints >= LIMITS[name].points) wait = Math.max(wait, res.msBeforeNext);
  }
  return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true };
}

/** Gives back points (e.g. a sign-up that failed on a duplicate email). */
export async function refund(checks: Array<[LimitName, string]>, points = 1): Promise<void> {
  if (!rateLimitsEnabled()) return;
  for (const [name, key] of checks) await limiter(name).reward(normalise(key), points);
}

/** Forgets a counter (a successful login clears its account's failures). */
export async function reset(name: LimitName, key: string): Promise<void> {
  if (!rateLimitsEnabled()) return;
  await limiter(name).delete(normalise(key));
}

/**
 * Which search limits a request spends (issue 10.5). A member has a bucket of
 * their own. A visitor is counted by IP address — which, behind a proxy the app
 * does not trust (TRUST_PROXY off), is the proxy's for everyone. There the first
 * X-Forwarded-For address, though anyone could forge it, still tells the people
 * behind the proxy apart: each (proxy, claimed client) pair gets a visitor's
 * bucket, and all of them together share a ceiling of 20 visitors' worth, so
 * forging the header buys at most that and never more than the proxy's share.
 * With TRUST_PROXY on, the address already is the client's.
 */
export function searchLimitChecks(
  context: { user: { id: string } | null; clientIp: string },
  request: { headers: { get(name: string): string | null } },
): Array<[LimitName, string]> {
  if (context.user) return [["searchUser", context.user.id]];
  const claimed = env().TRUST_PROXY ? null : firstForwardedFor(request.headers.get("x-forwarded-for"));
  if (!claimed) return [["searchIp", context.clientIp]];
  return [
    ["searchIp", `${context.clientIp}|xff:${claimed}`],
    ["searchProxy", context.clientIp],
  ];
}

function firstForwardedFor(header: string | null): string | null {
  const first = header?.split(",")[0]?.trim().toLowerCase();
  // An address, v4 or v6 (with an optional port or zone); anything else is not one.
  return first && /^[0-9a-f:.[\]%]{2,64}$/.test(first) ? first : null;
}

/** Whole minutes to wait, at least 1: the number the retry message shows. */
export function retryMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** The Retry-After header value (seconds) for a 429 response. */
export function retryAfterHeader(ms: number): Record<string, string> {
  return { "Retry-After": String(Math.max(1, Math.ceil(ms / 1000))) };
}

/**
 * "Too many attempts. Try again in 12 minutes." in the reader's language, already
 * translated (the number cannot travel inside an i18n key). Form-error components
 * pass it through t() unchanged, since it is not a key.
 */
export function rateLimitMessage(locale: Locale, ms: number): string {
  return tFor(locale)("auth:errors.rateLimited", { count: retryMinutes(ms) });
}
