-- AlterTable
ALTER TABLE "AffiliationRequest" ADD COLUMN "evidenceKey" TEXT;
ALTER TABLE "AffiliationRequest" ADD COLUMN "evidenceName" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "targetKey" TEXT;

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN "pendingAt" DATETIME;

-- CreateTable
CREATE TABLE "CaseTranslation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "revisionNumber" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CaseTranslation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseTranslationRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "translationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "editorId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CaseTranslationRevision_translationId_fkey" FOREIGN KEY ("translationId") REFERENCES "CaseTranslation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT,
    "uploaderId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attachment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_uploaderId_fkey" FOREIGN KEY ("uploaderId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reporterId" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "openKey" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" DATETIME,
    "resolution" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Bookmark" (
    "userId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "caseId"),
    CONSTRAINT "Bookmark_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Bookmark_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SiteSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Call" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "description" TEXT NOT NULL,
    "descriptionEn" TEXT,
    "industries" TEXT NOT NULL DEFAULT '',
    "deadline" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdById" TEXT NOT NULL,
    "openedAt" DATETIME,
    "closedAt" DATETIME,
    "decidedAt" DATETIME,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CallTopic" (
    "callId" TEXT NOT NULL,
    "topicId" TEXT NOT NULL,

    PRIMARY KEY ("callId", "topicId"),
    CONSTRAINT "CallTopic_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "submitterId" TEXT NOT NULL,
    "baseId" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "decisionNote" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Submission_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_submitterId_fkey" FOREIGN KEY ("submitterId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Submission_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "Base" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Collection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "introduction" TEXT NOT NULL,
    "introductionEn" TEXT,
    "callId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Collection_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CollectionItem" (
    "collectionId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "noteEn" TEXT,

    PRIMARY KEY ("collectionId", "caseId"),
    CONSTRAINT "CollectionItem_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "Collection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CollectionItem_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Adoption" (
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
    CONSTRAINT "Adoption_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "CaseStudy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Adoption_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "Base" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Adoption_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Adoption_followUpCaseId_fkey" FOREIGN KEY ("followUpCaseId") REFERENCES "CaseStudy" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SearchQueryDaily" (
    "day" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "searches" INTEGER NOT NULL DEFAULT 0,
    "zeroResults" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "query", "locale")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "emailVerifiedAt" DATETIME,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "locale" TEXT,
    "suspendedAt" DATETIME,
    "suspendedReason" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL DEFAULT '',
    "bio" TEXT NOT NULL DEFAULT '',
    "privacyConsentAt" DATETIME,
    "privacyPolicyVersion" TEXT,
    "deletedAt" DATETIME,
    "baseId" TEXT,
    "baseVerifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "emailNotifications" BOOLEAN NOT NULL DEFAULT true,
    "lastNotificationMailAt" DATETIME,
    "notificationSettings" TEXT NOT NULL DEFAULT '{}',
    "typicalCaseDigest" BOOLEAN NOT NULL DEFAULT false,
    "lastTypicalDigestAt" DATETIME,
    CONSTRAINT "User_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "Base" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("baseId", "baseVerifiedAt", "createdAt", "displayName", "email", "emailNotifications", "emailVerifiedAt", "id", "isDemo", "lastNotificationMailAt", "locale", "passwordHash", "role", "suspendedAt", "suspendedReason", "updatedAt", "username") SELECT "baseId", "baseVerifiedAt", "createdAt", "displayName", "email", "emailNotifications", "emailVerifiedAt", "id", "isDemo", "lastNotificationMailAt", "locale", "passwordHash", "role", "suspendedAt", "suspendedReason", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE INDEX "User_baseId_idx" ON "User"("baseId");
CREATE TABLE "new_Base" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "namePinyin" TEXT NOT NULL DEFAULT '',
    "industry" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "cityZh" TEXT NOT NULL,
    "cityEn" TEXT NOT NULL,
    "descriptionZh" TEXT NOT NULL DEFAULT '',
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "recognitionBatch" INTEGER,
    "recognitionYear" INTEGER,
    "website" TEXT,
    "retiredAt" DATETIME,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
-- Bases from before the registry had codes get a placeholder an import can replace
-- (docs/base-import-format.md): "SLUG-" and their slug, unique because slugs are.
INSERT INTO "new_Base" ("code", "cityEn", "cityZh", "createdAt", "descriptionEn", "descriptionZh", "id", "industry", "isDemo", "nameEn", "nameZh", "province", "slug", "updatedAt") SELECT 'SLUG-' || "slug", "cityEn", "cityZh", "createdAt", "descriptionEn", "descriptionZh", "id", "industry", "isDemo", "nameEn", "nameZh", "province", "slug", "updatedAt" FROM "Base";
DROP TABLE "Base";
ALTER TABLE "new_Base" RENAME TO "Base";
CREATE UNIQUE INDEX "Base_code_key" ON "Base"("code");
CREATE UNIQUE INDEX "Base_slug_key" ON "Base"("slug");
CREATE INDEX "Base_industry_idx" ON "Base"("industry");
CREATE INDEX "Base_province_idx" ON "Base"("province");
CREATE TABLE "new_CaseStudy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "baseId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "contentLanguage" TEXT NOT NULL DEFAULT 'zh-CN',
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
    "adoptionCount" INTEGER NOT NULL DEFAULT 0,
    "typicalAt" DATETIME,
    "lockedAt" DATETIME,
    "lockedReason" TEXT,
    "discussionVersion" INTEGER NOT NULL DEFAULT 0,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "externalId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "mostUsefulCommentId" TEXT,
    CONSTRAINT "CaseStudy_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CaseStudy_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "Base" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CaseStudy" ("authorId", "baseId", "clientKey", "commentCount", "createdAt", "deletedAt", "discussionVersion", "draft", "draftSavedAt", "draftVersion", "externalId", "hasPendingDraft", "helpfulCount", "hiddenAt", "hiddenReason", "id", "industry", "isDemo", "mostUsefulCommentId", "periodEnd", "periodStart", "province", "publishedAt", "revisionNumber", "slug", "stage", "status", "summary", "summaryEn", "title", "titleEn", "updatedAt") SELECT "authorId", "baseId", "clientKey", "commentCount", "createdAt", "deletedAt", "discussionVersion", "draft", "draftSavedAt", "draftVersion", "externalId", "hasPendingDraft", "helpfulCount", "hiddenAt", "hiddenReason", "id", "industry", "isDemo", "mostUsefulCommentId", "periodEnd", "periodStart", "province", "publishedAt", "revisionNumber", "slug", "stage", "status", "summary", "summaryEn", "title", "titleEn", "updatedAt" FROM "CaseStudy";
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

-- CreateIndex
CREATE UNIQUE INDEX "CaseTranslation_caseId_locale_key" ON "CaseTranslation"("caseId", "locale");

-- CreateIndex
CREATE UNIQUE INDEX "CaseTranslationRevision_translationId_number_key" ON "CaseTranslationRevision"("translationId", "number");

-- CreateIndex
CREATE INDEX "Attachment_caseId_position_idx" ON "Attachment"("caseId", "position");

-- CreateIndex
CREATE INDEX "Attachment_uploaderId_idx" ON "Attachment"("uploaderId");

-- CreateIndex
CREATE UNIQUE INDEX "Report_openKey_key" ON "Report"("openKey");

-- CreateIndex
CREATE INDEX "Report_status_createdAt_idx" ON "Report"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Report_targetType_targetId_idx" ON "Report"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "Bookmark_caseId_idx" ON "Bookmark"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Call_slug_key" ON "Call"("slug");

-- CreateIndex
CREATE INDEX "Call_status_deadline_idx" ON "Call"("status", "deadline");

-- CreateIndex
CREATE INDEX "Submission_callId_status_idx" ON "Submission"("callId", "status");

-- CreateIndex
CREATE INDEX "Submission_submitterId_idx" ON "Submission"("submitterId");

-- CreateIndex
CREATE UNIQUE INDEX "Submission_callId_caseId_key" ON "Submission"("callId", "caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Collection_slug_key" ON "Collection"("slug");

-- CreateIndex
CREATE INDEX "Collection_status_publishedAt_idx" ON "Collection"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "CollectionItem_caseId_idx" ON "CollectionItem"("caseId");

-- CreateIndex
CREATE INDEX "Adoption_baseId_idx" ON "Adoption"("baseId");

-- CreateIndex
CREATE INDEX "Adoption_createdAt_idx" ON "Adoption"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Adoption_caseId_baseId_key" ON "Adoption"("caseId", "baseId");

-- CreateIndex
CREATE INDEX "SearchQueryDaily_day_idx" ON "SearchQueryDaily"("day");

-- CreateIndex
CREATE INDEX "Notification_userId_targetKey_idx" ON "Notification"("userId", "targetKey");
