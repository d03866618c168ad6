// GET /unsubscribe?token= from a digest mail. Mail scanners follow links, so this
// page changes nothing: it asks, and the button POSTs to /unsubscribe/confirm.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { unsubscribeQuestion } from "./unsubscribe.server.ts";
import { UnsubscribeQuestionView } from "./views.tsx";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = await unsubscribeQuestion(new URL(request.url).searchParams.get("token"), context.locale);
  return data(q, { status: q.valid ? 200 : 400, headers: { "Cache-Control": "no-store" } });
}

export default function UnsubscribePage() {
  return <UnsubscribeQuestionView q={useLoaderData<typeof loader>()} />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title }, { name: "robots", content: "noindex" }];
