-- AlterTable
ALTER TABLE "Job" ADD COLUMN "checkpoint" TEXT;

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN "answeredAt" DATETIME;
