// The server side of the collection form: the introduction checked against the
// editor schema, the publish date read as a Beijing calendar day, the call known.
import { parseWithZod } from "@conform-to/zod";
import { isEmptyDoc, richTextField } from "~/editor/validate.server.ts";
import { beijingDay, CollectionFormSchema } from "~/models/collection-input.ts";
import type { CollectionInput } from "~/models/collection.server.ts";
import { prisma } from "~/utils/db.server.ts";

export const CollectionServerSchema = CollectionFormSchema.extend({
  introduction: richTextField("case", { required: true }),
  introductionEn: richTextField("case").optional(),
});

export async function parseCollectionForm(form: FormData) {
  const submission = parseWithZod(form, { schema: CollectionServerSchema });
  if (submission.status !== "success") return { submission, input: null };
  const v = submission.value;
  const callId = v.callId
    ? ((await prisma.call.findUnique({ where: { id: v.callId }, select: { id: true } }))?.id ?? null)
    : null;
  const input: CollectionInput = {
    title: v.title,
    titleEn: v.titleEn,
    introduction: v.introduction,
    introductionEn: v.introductionEn && !isEmptyDoc(v.introductionEn) ? v.introductionEn : null,
    publishDate: v.publishDate ? beijingDay(v.publishDate) : null,
    featured: v.featured,
    callId,
  };
  return { submission, input };
}

/** Calls a collection may be assembled from (any but drafts), newest first. */
export function callChoices() {
  return prisma.call.findMany({
    where: { status: { not: "draft" } },
    orderBy: { deadline: "desc" },
    select: { id: true, title: true, titleEn: true },
    take: 100,
  });
}
