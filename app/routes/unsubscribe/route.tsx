// GET /unsubscribe?token= from a digest mail. Mail scanners follow links, so this
// page changes nothing: it asks, and the button POSTs to /unsubscribe/confirm,
// which sends the reader back here with ?done=1 (or ?invalid=1 for a bad token).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { unsubscribeQuestion } from "~/mail/unsubscribe.server.ts";
import { UnsubscribeQuestionView } from "./views.tsx";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const q = await unsubscribeQuestion(params.get("token"), context.locale, params.get("done") === "1");
  return data(q, { status: q.valid ? 200 : 400, headers: { "Cache-Control": "no-store" } });
}

export default function UnsubscribePage() {
  return <UnsubscribeQuestionView q={useLoaderData<typeof loader>()} />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title },
  { name: "robots", content: "noindex" },
];
