-- CreateTable
CREATE TABLE "Topic" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionZh" TEXT NOT NULL DEFAULT '',
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CaseStudy" (
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
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "externalId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CaseStudy_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CaseStudy_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "Base" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseTopic" (
    "caseId" TEXT NOT NULL,
    "topicId" TEXT NOT NULL,

    PRIMARY KEY ("caseId", "topicId"),
    CONSTRAINT "CaseTopic_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "editorId" TEXT NOT NULL,
    "note" TEXT,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CaseRevision_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseRevision_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseSlug" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    CONSTRAINT "CaseSlug_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SearchOutbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "docId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Topic_slug_key" ON "Topic"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "CaseStudy_slug_key" ON "CaseStudy"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "CaseStudy_externalId_key" ON "CaseStudy"("externalId");

-- CreateIndex
CREATE INDEX "CaseStudy_status_deletedAt_publishedAt_idx" ON "CaseStudy"("status", "deletedAt", "publishedAt");

-- CreateIndex
CREATE INDEX "CaseStudy_baseId_idx" ON "CaseStudy"("baseId");

-- CreateIndex
CREATE INDEX "CaseStudy_authorId_idx" ON "CaseStudy"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseStudy_authorId_clientKey_key" ON "CaseStudy"("authorId", "clientKey");

-- CreateIndex
CREATE INDEX "CaseTopic_topicId_idx" ON "CaseTopic"("topicId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseRevision_caseId_number_key" ON "CaseRevision"("caseId", "number");

-- CreateIndex
CREATE INDEX "SearchOutbox_availableAt_idx" ON "SearchOutbox"("availableAt");
