-- CreateIndex
CREATE INDEX "Comment_activity_idx" ON "Comment"("createdAt", "parentId", "answeredAt", "deletedAt", "hiddenAt", "pendingAt", "caseId", "id");

-- Backfill: a top-level comment is answered from the first visible reply by someone other than
-- its author (what app/models/comment.server.ts refreshAnswered() keeps from now on).
UPDATE "Comment" SET "answeredAt" = (
  SELECT min(r."createdAt") FROM "Comment" r
   WHERE r."rootId" = "Comment"."id" AND r."authorId" <> "Comment"."authorId"
     AND r."deletedAt" IS NULL AND r."hiddenAt" IS NULL AND r."pendingAt" IS NULL
) WHERE "parentId" IS NULL;
