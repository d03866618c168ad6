// /notifications/:id: opening a notification. It (and every other notification
// about the same item) is marked read, then the member is taken to what it is
// about. Only the member's own notifications; a foreign or unknown id is 404.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, safeRedirect } from "~/auth/guards.server.ts";
import { openNotification } from "~/models/notification.server.ts";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const opened = params.id && params.id.length <= 64 ? await openNotification(user.id, params.id) : null;
  if (!opened) throw new Response("Not found", { status: 404 });
  return redirect(safeRedirect(opened.href, "/notifications"));
}
