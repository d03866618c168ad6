-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CaseStudy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "baseId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "title" TEXT NOT NULL DEFAULT '',
    "titleEn" TEXT,
    "summary" TEXT NOT NULL DEFAULT '',
    "summaryEn" TEXT,
    "stage" TEXT,
    "periodStart" INTEGER,
    "periodEnd" INTEGER,
    "industry" TEXT,
    "province" TEXT,
    "publishedAt" DATETIME,
    "revisionNumber" INTEGER NOT NULL DEFAULT 0,
    "draft" TEXT NOT NULL,
    "draftVersion" INTEGER NOT NULL DEFAULT 1,
    "draftSavedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hasPendingDraft" BOOLEAN NOT NULL DEFAULT false,
    "clientKey" TEXT,
    "hiddenAt" DATETIME,
    "hiddenReason" TEXT,
    "deletedAt" DATETIME,
    "helpfulCount" INTEGER NOT NULL DEFAULT 0,
    "commentCount" INTEGER NOT NULL DEFAULT 0,
    "discussionVersion" INTEGER NOT NULL DEFAULT 0,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "externalId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "mostUsefulCommentId" TEXT,
    CONSTRAINT "CaseStudy_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CaseStudy_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "Base" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CaseStudy" ("authorId", "baseId", "clientKey", "commentCount", "createdAt", "deletedAt", "draft", "draftSavedAt", "draftVersion", "externalId", "hasPendingDraft", "helpfulCount", "hiddenAt", "hiddenReason", "id", "industry", "isDemo", "mostUsefulCommentId", "periodEnd", "periodStart", "province", "publishedAt", "revisionNumber", "slug", "stage", "status", "summary", "summaryEn", "title", "titleEn", "updatedAt") SELECT "authorId", "baseId", "clientKey", "commentCount", "createdAt", "deletedAt", "draft", "draftSavedAt", "draftVersion", "externalId", "hasPendingDraft", "helpfulCount", "hiddenAt", "hiddenReason", "id", "industry", "isDemo", "mostUsefulCommentId", "periodEnd", "periodStart", "province", "publishedAt", "revisionNumber", "slug", "stage", "status", "summary", "summaryEn", "title", "titleEn", "updatedAt" FROM "CaseStudy";
DROP TABLE "CaseStudy";
ALTER TABLE "new_CaseStudy" RENAME TO "CaseStudy";
CREATE UNIQUE INDEX "CaseStudy_slug_key" ON "CaseStudy"("slug");
CREATE UNIQUE INDEX "CaseStudy_externalId_key" ON "CaseStudy"("externalId");
CREATE INDEX "CaseStudy_status_deletedAt_publishedAt_idx" ON "CaseStudy"("status", "deletedAt", "publishedAt");
CREATE INDEX "CaseStudy_baseId_idx" ON "CaseStudy"("baseId");
CREATE INDEX "CaseStudy_authorId_idx" ON "CaseStudy"("authorId");
CREATE UNIQUE INDEX "CaseStudy_authorId_clientKey_key" ON "CaseStudy"("authorId", "clientKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
