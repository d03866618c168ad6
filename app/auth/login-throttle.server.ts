// Login throttling that limits guessing without handing anyone a way to lock the
// owner out (issue 10.3, ADR 018). Three counters:
// - per (account, place): 5 failures per 15 minutes, where the place is the IP
//   address, or the device id of a browser holding a device token for the account
//   (login-device.server.ts);
// - per IP address across accounts (password spraying), not for device holders;
// - per account, an exponential back-off once failures from everywhere pass a free
//   allowance: 2^(n−10) seconds between attempts, capped at 15 minutes. Device
//   holders are exempt, so the owner's own browser can always try.
// Every attempt claims its points before the password is checked, so parallel
// guesses cannot slip past; a successful login gives them back.
import {
  consume,
  rateLimitStore,
  rateLimitsEnabled,
  refund,
  reset,
  type LimitResult,
} from "~/utils/rate-limit.server.ts";

/** Failures (from anywhere, device holders excepted) an account takes before the back-off starts. */
export const BACKOFF_FREE_FAILURES = 10;
export const BACKOFF_MAX_MS = 15 * 60_000;
/** An account's failures are forgotten a day after the last one. */
const BACKOFF_MEMORY_MS = 24 * 3600_000;

/** The wait the back-off asks for after `failures` failures, the last at `lastAt`. */
export function backoffWaitMs(failures: number, lastAt: number, now: number): number {
  if (failures < BACKOFF_FREE_FAILURES) return 0;
  const delay = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** (failures - BACKOFF_FREE_FAILURES));
  return Math.max(0, lastAt + delay - now);
}

function normaliseAccount(account: string): string {
  return account.trim().toLowerCase().slice(0, 300);
}

/** Claims one back-off attempt for the account, atomically across processes (and app nodes). */
function claimBackoff(account: string, now = Date.now()): Promise<LimitResult> {
  return rateLimitStore().claimBackoff(
    account,
    (row) => {
      const failures = row && now - row.last_at < BACKOFF_MEMORY_MS ? row.failures : 0;
      const wait = row ? backoffWaitMs(failures, row.last_at, now) : 0;
      if (wait > 0) return { ok: false, retryAfterMs: wait };
      return { ok: true, failures: failures + 1 };
    },
    now,
  );
}

function releaseBackoff(account: string): Promise<void> {
  return rateLimitStore().releaseBackoff(account);
}

export interface LoginAttempt {
  /** Call after the password was right: gives the points back and clears this place's failures. */
  succeeded(): Promise<void>;
}

/**
 * Claims a login attempt for `account` (user id, or `name:<typed name>`) from
 * `ip`, or from the device `deviceId` when the browser holds a device token for
 * this account. Refused with the wait when any counter is used up.
 */
export async function beginLoginAttempt(opts: {
  account: string;
  ip: string;
  deviceId: string | null;
}): Promise<({ ok: true } & LoginAttempt) | { ok: false; retryAfterMs: number }> {
  const account = normaliseAccount(opts.account);
  if (!rateLimitsEnabled()) return { ok: true, succeeded: async () => {} };
  if (opts.deviceId) {
    const pair = `${account}|device:${opts.deviceId}`;
    const limit = await consume([["loginPair", pair]]);
    if (!limit.ok) return limit;
    return { ok: true, succeeded: () => reset("loginPair", pair) };
  }
  const backoff = await claimBackoff(account);
  if (!backoff.ok) return backoff;
  const pair = `${account}|ip:${opts.ip}`;
  const limit = await consume([
    ["loginPair", pair],
    ["loginIp", opts.ip],
  ]);
  if (!limit.ok) {
    // Refused before any password was checked: not a failure of the account.
    await releaseBackoff(account);
    return limit;
  }
  return {
    ok: true,
    succeeded: async () => {
      await releaseBackoff(account);
      await reset("loginPair", pair);
      await refund([["loginIp", opts.ip]]);
    },
  };
}

/** Clears every counter of an account's own (after a password reset proved the mailbox). */
export async function forgetLoginFailures(account: string): Promise<void> {
  if (!rateLimitsEnabled()) return;
  const key = normaliseAccount(account);
  // The per-place counters of this account, wherever they are (rate-limiter-flexible keys are `<prefix>:<key>`).
  await rateLimitStore().forgetAccount(key, `loginPair:${key}|`);
}
