// POST /unsubscribe/confirm: turns email notifications off for the member the
// signed token names. Authenticated by the token alone (no session) and exempt
// from the Origin check (server/index.ts), because it is also the target of the
// RFC 8058 one-click POST a mail provider sends (body "List-Unsubscribe=One-Click",
// token in the query string). A resource route on purpose: Remix refuses
// cross-origin POSTs to document routes, and a mail provider's POST is one.
// The confirmation button on /unsubscribe posts here too and is sent back there.
// A GET (someone opening the List-Unsubscribe link) only shows the question.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { tFor } from "~/i18n/i18n.server.ts";
import { setEmailNotifications } from "~/models/user.server.ts";
import { unsubscribeTarget } from "~/mail/unsubscribe.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

export function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return redirect(`/unsubscribe?token=${encodeURIComponent(token)}`);
}

export async function action({ request, context }: ActionFunctionArgs) {
  // RFC 8058 bodies are forms (urlencoded or multipart); anything else is a 4xx
  // from the form guard (ADR 017), never a 500.
  const form = await readForm(request, ["List-Unsubscribe", "token"]);
  const oneClick = form.get("List-Unsubscribe") === "One-Click";
  const fromForm = form.get("token");
  const token = typeof fromForm === "string" && fromForm ? fromForm : new URL(request.url).searchParams.get("token");
  const user = await unsubscribeTarget(token);
  const t = tFor(context.locale);
  const headers = { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" };
  if (!user) {
    if (oneClick) return new Response(`${t("follow:unsubscribe.invalidTitle")}\n`, { status: 400, headers });
    return redirect("/unsubscribe?invalid=1", 303);
  }
  await setEmailNotifications(user.id, false);
  if (oneClick) return new Response(`${t("follow:unsubscribe.doneTitle")}\n`, { status: 200, headers });
  return redirect("/unsubscribe?done=1", 303);
}
