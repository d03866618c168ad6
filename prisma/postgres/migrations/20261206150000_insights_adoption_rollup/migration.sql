-- CreateTable
CREATE TABLE "InsightsAdoptionDay" (
    "day" TEXT NOT NULL,
    "dim" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "adoptions" INTEGER NOT NULL DEFAULT 0,
    "crossing" INTEGER NOT NULL DEFAULT 0,
    "considering" INTEGER NOT NULL DEFAULT 0,
    "piloting" INTEGER NOT NULL DEFAULT 0,
    "adopted" INTEGER NOT NULL DEFAULT 0,
    "rolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InsightsAdoptionDay_pkey" PRIMARY KEY ("day","dim","bucket")
);

-- CreateIndex
CREATE INDEX "CaseStudy_adopted_idx" ON "CaseStudy"("status", "deletedAt", "adoptionCount", "id");
