// GET /resources/js-off — loaded by a <noscript> image in a members' shared render
// (root.tsx): this browser does not run the page's script, so it can never fetch
// the member's own state. Clearing the script's cookie makes the next page a
// render for the member (server/page-cache.ts, ADR 015).
import { JS_COOKIE } from "~/features/viewer-state.ts";

export function loader() {
  return new Response(null, {
    status: 204,
    headers: { "Set-Cookie": `${JS_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`, "Cache-Control": "no-store" },
  });
}
