// POST /resources/locale — the header's language switch for signed-in members:
// it saves the choice in their settings (which outrank the cookie), sets the
// cookie, and returns to the page they were on. Visitors use ?lang= links.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser, safeRedirect } from "~/auth/guards.server.ts";
import { isLocale } from "~/i18n/config.ts";
import { localeCookie } from "~/i18n/detect.server.ts";
import { updateLocale } from "~/models/user.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request, ["locale", "redirectTo"]);
  const locale = form.get("locale");
  const back = safeRedirect(form.get("redirectTo"), "/");
  if (!isLocale(locale)) throw new Response("Unknown language", { status: 400 });
  await updateLocale(user.id, locale);
  throw redirect(back, { headers: { "Set-Cookie": localeCookie(locale, context.secure) } });
}
