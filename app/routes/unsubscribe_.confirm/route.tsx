// POST /unsubscribe/confirm: turns email notifications off for the member the
// signed token names. Authenticated by the token alone (no session) and exempt
// from the Origin check (server/index.ts), because it is also the target of the
// RFC 8058 one-click POST a mail provider sends ("List-Unsubscribe=One-Click",
// token in the query string). A GET (someone opening the List-Unsubscribe link)
// only shows the question, like /unsubscribe.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { setEmailNotifications } from "~/models/user.server.ts";
import { unsubscribeQuestion, unsubscribeTarget } from "../unsubscribe/unsubscribe.server.ts";
import { InvalidUnsubscribe, UnsubscribeDone, UnsubscribeQuestionView } from "../unsubscribe/views.tsx";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Always 200: after a POST this loader runs too, and must not replace the action's status.
  const q = await unsubscribeQuestion(new URL(request.url).searchParams.get("token"), context.locale);
  return data(q, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const fromForm = form.get("token");
  const token = typeof fromForm === "string" && fromForm ? fromForm : new URL(request.url).searchParams.get("token");
  const user = await unsubscribeTarget(token);
  if (!user) return data({ ok: false as const }, { status: 400, headers: { "Cache-Control": "no-store" } });
  await setEmailNotifications(user.id, false);
  return data({ ok: true as const }, { headers: { "Cache-Control": "no-store" } });
}

export default function UnsubscribeConfirm() {
  const question = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result) return result.ok ? <UnsubscribeDone /> : <InvalidUnsubscribe />;
  return <UnsubscribeQuestionView q={question} />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }, { name: "robots", content: "noindex" }];
