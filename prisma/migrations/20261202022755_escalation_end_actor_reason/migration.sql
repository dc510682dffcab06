-- AlterTable
ALTER TABLE "escalations" ADD COLUMN     "endReason" TEXT,
ADD COLUMN     "endedBy" TEXT;
