// POST /settings/export — the signed-in member downloads everything the exchange
// keeps about them (PIPL): a zip of JSON files and their uploads
// (app/models/account-privacy.server.ts). A POST from the settings page, so the
// Origin check guards it and no link elsewhere can start the work.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server.ts";
import { exportAccountZip } from "~/models/account-privacy.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

export function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return redirect("/settings#settings-data-title");
}

export async function action({ context, request }: ActionFunctionArgs) {
  // The member's own data only: the id comes from the session, never from the request.
  const user = requireUser(context, request);
  // The form posts nothing: any field is refused before the (costly) export is built.
  await readForm(request, []);
  const now = new Date();
  const zip = await exportAccountZip(user.id, now);
  if (!zip) throw new Response("Not found", { status: 404 });
  const day = now.toISOString().slice(0, 10);
  return new Response(new Uint8Array(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="bee-data-${user.username}-${day}.zip"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
