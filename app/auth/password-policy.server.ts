// The password policy (NIST SP 800-63B style): a minimum length and a check
// against a list of common passwords, rather than composition rules. Returns
// i18n keys, so the same result serves every form and both languages.
import { createRequire } from "node:module";

export const PASSWORD_MIN_LENGTH = 10;
// argon2 hashes any length, but an unbounded input is a cheap way to burn CPU.
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem =
  | "auth:errors.passwordTooShort"
  | "auth:errors.passwordTooLong"
  | "auth:errors.passwordCommon"
  | "auth:errors.passwordIsEmail"
  | "auth:errors.passwordIsUsername";

let common: Set<string> | undefined;

/** The ~49,000 most common passwords from @zxcvbn-ts/language-common, lowercased, loaded once. */
export function commonPasswords(): Set<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const list = (require("@zxcvbn-ts/language-common") as { dictionary: Record<string, string[]> }).dictionary[
      "passwords-common"
    ];
    if (!list || list.length < 10_000) throw new Error("The common-password list is missing or too short");
    common = new Set(list.map((p) => p.toLowerCase()));
  }
  return common;
}

export function checkPassword(
  password: string,
  about: { email?: string | null; username?: string | null } = {},
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  // Count code points, not UTF-16 units, so a Chinese passphrase is measured fairly.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push("auth:errors.passwordTooShort");
  if (length > PASSWORD_MAX_LENGTH) problems.push("auth:errors.passwordTooLong");
  const lowered = password.trim().toLowerCase();
  if (commonPasswords().has(lowered)) problems.push("auth:errors.passwordCommon");
  if (about.email && lowered === about.email.trim().toLowerCase()) problems.push("auth:errors.passwordIsEmail");
  if (about.username && lowered === about.username.trim().toLowerCase())
    problems.push("auth:errors.passwordIsUsername");
  return problems;
}
