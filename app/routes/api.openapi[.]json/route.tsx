// GET /api/openapi.json: the search API's OpenAPI description (human page: /api/docs).
import { searchApiSpec } from "~/features/search-api/openapi.ts";
import { appOrigin } from "~/utils/env.server.ts";

export function loader() {
  return new Response(JSON.stringify(searchApiSpec(appOrigin()), null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
