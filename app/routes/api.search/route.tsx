// GET /api/search?q=&topic=&industry=&province=&base=&stage=&typical=&sort=&page=
// Read-only JSON for other sites and tools: hits (plain and highlighted fields),
// facets, total and time taken. Documented at /api/openapi.json and /api/docs.
// Rate-limited per IP; cacheable for 2 s at most, so a removed case cannot linger.
// The production server answers GET and HEAD before Remix with the same code
// (app/features/search-api/answer.server.ts, ADR 050); this route is that code's
// way in for development and the tests.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerSearchApi, toResponse } from "~/features/search-api/answer.server.ts";
import { MAX_URL_LENGTH } from "~/features/search-api/openapi.ts";

/** Longest URL answered (the server itself takes 32 KiB of headers): longer ones get 414. */
export { MAX_URL_LENGTH };

export async function loader({ request, context }: LoaderFunctionArgs) {
  return toResponse(await answerSearchApi({ url: request.url, headers: request.headers, context }));
}
