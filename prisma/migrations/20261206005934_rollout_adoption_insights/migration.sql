-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Adoption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "baseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL DEFAULT '',
    "outcomeMetrics" TEXT NOT NULL DEFAULT '[]',
    "followUpCaseId" TEXT,
    "stageChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "adopterProvince" TEXT NOT NULL DEFAULT '',
    "adopterIndustry" TEXT NOT NULL DEFAULT '',
    "sourceProvince" TEXT NOT NULL DEFAULT '',
    "sourceIndustry" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Adoption_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Adoption_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "Base" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Adoption_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Adoption_followUpCaseId_fkey" FOREIGN KEY ("followUpCaseId") REFERENCES "CaseStudy" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Adoption" ("baseId", "caseId", "createdAt", "followUpCaseId", "id", "isDemo", "note", "outcome", "outcomeMetrics", "stage", "stageChangedAt", "updatedAt", "userId") SELECT "baseId", "caseId", "createdAt", "followUpCaseId", "id", "isDemo", "note", "outcome", "outcomeMetrics", "stage", "stageChangedAt", "updatedAt", "userId" FROM "Adoption";
DROP TABLE "Adoption";
ALTER TABLE "new_Adoption" RENAME TO "Adoption";
CREATE INDEX "Adoption_baseId_createdAt_idx" ON "Adoption"("baseId", "createdAt");
CREATE INDEX "Adoption_createdAt_idx" ON "Adoption"("createdAt");
CREATE INDEX "Adoption_followUpCaseId_idx" ON "Adoption"("followUpCaseId");
CREATE INDEX "Adoption_spread_idx" ON "Adoption"("adopterProvince", "adopterIndustry", "stage", "createdAt", "sourceProvince", "sourceIndustry", "caseId");
CREATE INDEX "Adoption_case_time_idx" ON "Adoption"("caseId", "createdAt", "stage");
CREATE UNIQUE INDEX "Adoption_caseId_baseId_key" ON "Adoption"("caseId", "baseId");
CREATE TABLE "new_SearchQueryDaily" (
    "day" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "searches" INTEGER NOT NULL DEFAULT 0,
    "zeroResults" INTEGER NOT NULL DEFAULT 0,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("day", "query", "locale")
);
INSERT INTO "new_SearchQueryDaily" ("day", "locale", "query", "searches", "zeroResults") SELECT "day", "locale", "query", "searches", "zeroResults" FROM "SearchQueryDaily";
DROP TABLE "SearchQueryDaily";
ALTER TABLE "new_SearchQueryDaily" RENAME TO "SearchQueryDaily";
CREATE INDEX "SearchQueryDaily_day_idx" ON "SearchQueryDaily"("day");
CREATE INDEX "SearchQueryDaily_demand_idx" ON "SearchQueryDaily"("query", "day", "searches", "zeroResults");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CaseStudy_insights_idx" ON "CaseStudy"("status", "deletedAt", "publishedAt", "baseId", "stage", "commentCount", "id");

-- CreateIndex
CREATE INDEX "Comment_insights_idx" ON "Comment"("createdAt", "parentId", "caseId", "authorId", "deletedAt", "hiddenAt", "pendingAt", "id");

-- CreateIndex
CREATE INDEX "Comment_answers_idx" ON "Comment"("rootId", "authorId", "deletedAt", "hiddenAt", "pendingAt");

