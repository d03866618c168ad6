// npm run user:create-admin -- <email> [--username NAME] [--name "Display Name"]
//
// Creates a verified admin with a random password, printed once, or promotes an
// existing account with that email to admin (its password is left alone).
// Exits 1 on bad input, 2 on an unexpected error.
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { type z } from "zod";
import { checkPassword } from "~/auth/password-policy.server.ts";
import { displayNameField, emailField, usernameField } from "~/auth/account-fields.ts";
import { createUser, findTaken, promoteToAdmin } from "~/models/user.server.ts";
import { dbReady, prisma } from "~/utils/db.server.ts";
import { tFor } from "~/i18n/i18n.server.ts";

const USAGE = `Usage: npm run user:create-admin -- <email> [--username NAME] [--name "Display Name"]

Creates a verified admin account with a random password (printed once), or
promotes the existing account with this email to admin (password unchanged).`;

class InputError extends Error {}

function fail(message: string): never {
  throw new InputError(message);
}

function randomPassword(): string {
  // 18 random bytes: 24 URL-safe characters, about 144 bits.
  for (;;) {
    const candidate = crypto.randomBytes(18).toString("base64url");
    if (checkPassword(candidate).length === 0) return candidate;
  }
}

/** A username from the email's local part, made valid and unique. */
async function usernameFromEmail(email: string): Promise<string> {
  const local = email.split("@")[0] ?? "";
  let base = local
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24);
  if (base.length < 3) base = `admin-${base}`.replace(/-+$/, "");
  for (let i = 0; i < 50; i++) {
    const candidate = i === 0 ? base : `${base}-${i + 1}`;
    if (!(await findTaken("", candidate)).username) return candidate;
  }
  return `${base}-${crypto.randomBytes(3).toString("hex")}`;
}

/** Turns a Zod i18n key into an English message for the terminal. */
function explain(result: z.SafeParseError<unknown>): string {
  const t = tFor("en");
  return result.error.issues.map((i) => t(i.message)).join(" ");
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        username: { type: "string" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  if (parsed.positionals.length !== 1) fail(`Expected exactly one email address.\n\n${USAGE}`);

  const emailResult = emailField.safeParse(parsed.positionals[0]);
  if (!emailResult.success) fail(`Invalid email "${parsed.positionals[0]}": ${explain(emailResult)}`);
  const email = emailResult.data;

  await dbReady();
  const existing = await findTaken(email, "");
  if (existing.email) {
    if (parsed.values.username || parsed.values.name) {
      console.warn("Note: an account with this email exists; --username and --name are ignored.");
    }
    const promoted = await promoteToAdmin(email);
    if (!promoted) fail(`No account with email ${email}.`);
    if (promoted.alreadyAdmin) console.log(`${email} (@${promoted.username}) is already an admin. Nothing changed.`);
    else console.log(`Promoted ${email} (@${promoted.username}) to admin. The password is unchanged.`);
    return;
  }

  let username: string;
  if (parsed.values.username !== undefined) {
    const r = usernameField.safeParse(parsed.values.username);
    if (!r.success) fail(`Invalid --username "${parsed.values.username}": ${explain(r)}`);
    if ((await findTaken("", r.data)).username)
      fail(`The username "${r.data}" is taken. Choose another with --username.`);
    username = r.data;
  } else {
    username = await usernameFromEmail(email);
  }

  let displayName = parsed.values.name ?? "Administrator";
  const nameResult = displayNameField.safeParse(displayName);
  if (!nameResult.success) fail(`Invalid --name "${displayName}": ${explain(nameResult)}`);
  displayName = nameResult.data;

  const password = randomPassword();
  await createUser({ email, username, displayName, password, role: "admin", emailVerified: true });
  console.log(`Created admin account:
  email:    ${email}
  username: ${username}
  name:     ${displayName}
  password: ${password}

The password is shown only this once. Log in and change it under Settings.`);
}

main(process.argv.slice(2))
  .then(async () => {
    await prisma.$disconnect();
  })
  .catch(async (error: unknown) => {
    await prisma.$disconnect().catch(() => {});
    if (error instanceof InputError) {
      console.error(`Error: ${error.message}`);
      process.exit(1);
    }
    console.error(error);
    process.exit(2);
  });
