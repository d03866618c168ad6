// Autosave endpoint for the case form (JSON in, JSON out). Saving a draft never
// publishes; the form's own action does that.
import type { ActionFunctionArgs } from "@remix-run/node";
import { parseCaseForm, readCaseForm, saveCaseForm } from "~/features/case-form/form.server.ts";
import { CaseError, getCaseForEditing } from "~/models/case.server.ts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = context.user;
  if (!user) return json({ error: "unauthorized" }, 401);
  const formData = await readCaseForm(request);
  formData.set("intent", "autosave");
  const caseId = String(formData.get("caseId") ?? "") || null;
  if (caseId) {
    // Drafts are their author's alone (the model decides; issue 10.5).
    const c = await getCaseForEditing(caseId, user).catch((e: unknown) => {
      if (e instanceof CaseError && e.code === "forbidden") return "forbidden" as const;
      throw e;
    });
    if (!c) return json({ error: "not-found" }, 404);
    if (c === "forbidden" || c.mode !== "author") return json({ error: "forbidden" }, 403);
  }
  const parsed = parseCaseForm(formData);
  if (!parsed.ok) return json({ error: "invalid", details: parsed.reply.error }, 400);
  const outcome = await saveCaseForm(user, caseId, parsed);
  switch (outcome.kind) {
    case "saved":
      return json({ caseId: outcome.caseId, slug: outcome.slug, version: outcome.version, savedAt: outcome.savedAt });
    case "conflict":
      return json({ error: "conflict", version: outcome.version, savedAt: outcome.savedAt }, 409);
    case "error":
      return json({ error: outcome.code }, outcome.code === "forbidden" ? 403 : 400);
    default:
      return json({ error: "unexpected" }, 400);
  }
}

export function loader() {
  return json({ error: "method-not-allowed" }, 405);
}
