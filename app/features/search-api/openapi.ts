// The OpenAPI description of GET /api/search, served at /api/openapi.json and
// shown to people at /api/docs. Limits are the code's own constants.
import { MAX_QUERY_LENGTH, FACETS, SORTS } from "~/models/search-params.ts";

export const MAX_URL_LENGTH = 8192;
export const CACHE_SECONDS = 2;

export function searchApiSpec(origin: string) {
  const filter = (name: string, description: string) => ({
    name,
    in: "query",
    required: false,
    description,
    schema: { type: "array", items: { type: "string", maxLength: 80 }, maxItems: 20 },
    style: "form",
    explode: true,
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Base Experience Exchange search API",
      version: "1.0.0",
      description:
        `Read-only search over published case studies. Limits: q at most ${MAX_QUERY_LENGTH} characters (longer queries are cut, with a notice); ` +
        `URLs at most ${MAX_URL_LENGTH} characters (414 with a JSON body); at most 20 values per filter, 80 characters each; pages 1–500 of 20 hits; ` +
        `rate-limited per IP (429 with retryAfterMs); responses may be cached for ${CACHE_SECONDS} s.`,
    },
    servers: [{ url: origin }],
    paths: {
      "/api/search": {
        get: {
          summary: "Search case studies",
          parameters: [
            {
              name: "q",
              in: "query",
              description: `Words in Chinese or English (places, base names, acronyms). When fewer than 5 cases contain every word, the least informative words are left out and named in "partial".`,
              schema: { type: "string", maxLength: MAX_QUERY_LENGTH },
            },
            filter("topic", "Topic slug or name (zh or en)."),
            filter("industry", "Industry code or name (zh or en)."),
            filter("province", "Province code (fujian) or name: Fujian, 福建, 福建省."),
            filter("base", "Base slug or full name."),
            filter("stage", "pilot | implemented | scaled, or the stage's name."),
            filter("typical", "typical: only cases in a typical-case collection."),
            { name: "sort", in: "query", schema: { type: "string", enum: [...SORTS], default: "relevance" } },
            { name: "page", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 1 } },
          ],
          responses: {
            "200": {
              description: "Hits, facet counts and timings.",
              headers: { "Cache-Control": { schema: { type: "string", example: `public, max-age=${CACHE_SECONDS}` } } },
              content: { "application/json": { schema: { $ref: "#/components/schemas/SearchResponse" } } },
            },
            "400": {
              description: "A filter value names nothing; the body lists the accepted values.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/BadFilter" } } },
            },
            "414": {
              description: "URL too long.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
            "429": {
              description: "Too many searches from this address.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
            "503": {
              description: "Search is unavailable; retry later.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "string" }, message: { type: "string" }, retryAfterMs: { type: "number" } },
        },
        BadFilter: {
          type: "object",
          required: ["error", "problems"],
          properties: {
            error: { const: "bad_filter" },
            message: { type: "string" },
            problems: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  facet: { enum: [...FACETS] },
                  value: { type: "string" },
                  accepted: { type: "array", items: { type: "string" } },
                },
              },
            },
          },
        },
        Hit: {
          type: "object",
          required: ["id", "slug", "title", "summary", "url", "titleHtml", "summaryHtml"],
          properties: {
            id: { type: "string", description: "Stable case id (does not change with the slug)." },
            externalId: { type: ["string", "null"], description: "The import's id, for imported cases." },
            slug: { type: "string" },
            url: { type: "string", format: "uri" },
            title: { type: "string", description: "Plain text, in the reader's language when a translation exists." },
            summary: { type: "string" },
            titleHtml: { type: "string", description: "Escaped HTML; matches in <mark>." },
            summaryHtml: { type: "string" },
            snippetHtml: { type: "string" },
            baseName: { type: "string" },
            base: { type: "string" },
            industry: { type: "string" },
            publishedAt: { type: "number", description: "Epoch milliseconds." },
            helpful: { type: "integer" },
          },
        },
        SearchResponse: {
          type: "object",
          properties: {
            query: { type: "object" },
            notices: {
              type: "array",
              items: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
            },
            total: { type: "integer" },
            totalExact: {
              type: "boolean",
              description: "False when total is an estimate (a very common word on a large index): show it as “about”.",
            },
            page: { type: "integer" },
            pages: { type: "integer" },
            tookMs: { type: "number" },
            engineMs: { type: "number" },
            partial: {
              type: "object",
              description:
                "Present when words were left out: which, and how many cases contain every word (they come first).",
              properties: { ignored: { type: "array", items: { type: "string" } }, fullMatches: { type: "integer" } },
            },
            hits: { type: "array", items: { $ref: "#/components/schemas/Hit" } },
            facets: { type: "object", additionalProperties: { type: "array", items: { type: "object" } } },
          },
        },
      },
    },
  };
}
