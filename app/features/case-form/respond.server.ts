// Turns a save outcome into the page's response: a redirect after publishing,
// the form again (with a "saved" note or a conflict warning) otherwise.
import { data, redirect } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { renderDocHtml } from "~/editor/render.server.ts";
import { SECTIONS } from "~/models/case-content.ts";
import type { CasePreview } from "./case-form.tsx";
import type { ParsedCaseForm, SaveOutcome } from "./form.server.ts";

type Parsed = Extract<ParsedCaseForm, { ok: true }>;
type Reply = { result: SubmissionResult<string[]> | null; conflict: { savedAt?: string } | null };

const CODE_ERRORS: Record<string, string> = {
  "not-verified": "cases:errors.notVerified",
  "no-base": "cases:errors.baseRequired",
  "unknown-base": "cases:errors.baseRequired",
  "unknown-topic": "cases:errors.topicUnknown",
  forbidden: "errors:forbidden.body",
  "not-found": "errors:notFound.body",
};

export function caseActionResponse(outcome: SaveOutcome, parsed: Parsed, currentSlug: string | null) {
  switch (outcome.kind) {
    case "published":
      throw redirect(`/cases/${outcome.slug}?published=${outcome.revision}`);
    case "saved":
      // Without JavaScript a new draft continues on its own edit page.
      if (!currentSlug) throw redirect(`/cases/${outcome.slug}/edit?saved=1`);
      throw redirect(`/cases/${currentSlug}/edit?saved=1`);
    case "conflict":
      return data<Reply>(
        { result: parsed.replyWith({ formErrors: ["cases:errors.conflict"] }), conflict: { savedAt: outcome.savedAt } },
        { status: 409 },
      );
    case "error":
      return data<Reply>(
        {
          result:
            outcome.code === "no-base" || outcome.code === "unknown-base"
              ? parsed.replyWith({ fieldErrors: { baseId: [CODE_ERRORS[outcome.code]!] } })
              : parsed.replyWith({ formErrors: [CODE_ERRORS[outcome.code] ?? "errors:badRequest.body"] }),
          conflict: null,
        },
        { status: outcome.code === "forbidden" ? 403 : 400 },
      );
  }
}

/**
 * "Preview" (issue 12.10): the posted content rendered by the case page's own
 * renderer, with the form echoed back unchanged. Nothing is saved.
 */
export function casePreviewResponse(parsed: Parsed) {
  const c = parsed.content;
  const preview: CasePreview = {
    title: c.title,
    summary: c.summary,
    sections: SECTIONS.flatMap((name) => {
      const doc = c.sections[name];
      return doc ? [{ name, html: renderDocHtml(doc, "case") }] : [];
    }),
  };
  return data({ result: parsed.replyWith({}), conflict: null, preview });
}
