// Zod fields shared by the account forms (sign-up, reset, settings, profile
// edit). Browser-safe: the common-password check runs only on the server, where
// the route passes checkPassword (app/auth/password-policy.server.ts) in.
import { z } from "zod";
import { hasInvisibleChars } from "~/utils/text.ts";

export const EMAIL_MAX = 254;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const DISPLAY_NAME_MAX = 50;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const LOGIN_MAX = EMAIL_MAX;

/** The server's policy check: returns i18n keys of the problems found. */
export type PasswordCheck = (password: string, about: { email?: string | null; username?: string | null }) => string[];

export const emailField = z
  .string({ required_error: "auth:errors.emailRequired" })
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, "auth:errors.emailTooLong")
  .email("auth:errors.emailInvalid");

export const usernameField = z
  .string({ required_error: "auth:errors.usernameRequired" })
  .trim()
  .toLowerCase()
  .min(USERNAME_MIN, "auth:errors.usernameTooShort")
  .max(USERNAME_MAX, "auth:errors.usernameTooLong")
  .regex(/^[a-z0-9_-]+$/, "auth:errors.usernameInvalid");

export const displayNameField = z
  .string({ required_error: "auth:errors.displayNameRequired" })
  .trim()
  .min(1, "auth:errors.displayNameRequired")
  .max(DISPLAY_NAME_MAX, "auth:errors.displayNameTooLong")
  // Control characters, bidi overrides and zero-width characters could disguise a name.
  .refine((v) => !hasInvisibleChars(v), "auth:errors.displayNameInvalid");

/**
 * A new password. In the browser only the length is checked; on the server the
 * policy (which includes the length, counted in characters) decides.
 */
export function newPasswordField(serverCheck?: PasswordCheck) {
  const base = z.string({ required_error: "auth:errors.passwordRequired" });
  if (!serverCheck) {
    return base.min(PASSWORD_MIN, "auth:errors.passwordTooShort").max(PASSWORD_MAX, "auth:errors.passwordTooLong");
  }
  return base.superRefine((password, ctx) => {
    for (const message of serverCheck(password, {})) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  });
}

/**
 * Adds the policy problems that depend on the other fields (password equal to
 * the email or username). Runs once the whole form is otherwise valid.
 */
export function addPasswordProblems(
  ctx: z.RefinementCtx,
  check: PasswordCheck | undefined,
  field: string,
  password: string | undefined,
  about: { email?: string | null; username?: string | null },
) {
  if (!check || password === undefined) return;
  const alone = new Set(check(password, {}));
  for (const message of check(password, about)) {
    if (!alone.has(message)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
  }
}

export function signupSchema(check?: PasswordCheck) {
  return z
    .object({
      email: emailField,
      username: usernameField,
      displayName: displayNameField,
      password: newPasswordField(check),
      // PIPL: an account is only created with consent to the privacy policy (recorded with its version).
      privacyConsent: z
        .boolean({ required_error: "privacy:consent.required" })
        .refine((v) => v, "privacy:consent.required"),
      redirectTo: z.string().optional(),
    })
    .superRefine((v, ctx) => addPasswordProblems(ctx, check, "password", v.password, v));
}

export const loginSchema = z.object({
  // A name of spaces alone is no name (found by the schema's property test).
  login: z
    .string({ required_error: "auth:errors.loginRequired" })
    .trim()
    .min(1, "auth:errors.loginRequired")
    .max(LOGIN_MAX, "auth:errors.loginTooLong"),
  // Signing in asks for the password one has, not to set one (issue 12.3: it said "请设置密码").
  password: z
    .string({ required_error: "auth:errors.loginPasswordRequired" })
    .max(PASSWORD_MAX, "auth:errors.passwordTooLong"),
  redirectTo: z.string().optional(),
});
