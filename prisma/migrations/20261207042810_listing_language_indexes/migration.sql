-- CreateIndex
CREATE INDEX "CaseStudy_language_idx" ON "CaseStudy"("status", "deletedAt", "contentLanguage", "publishedAt", "id");

-- CreateIndex
CREATE INDEX "CaseTranslation_locale_caseId_idx" ON "CaseTranslation"("locale", "caseId");
