-- AlterTable
ALTER TABLE "access_log" ADD COLUMN     "districtCode" TEXT,
ADD COLUMN     "personId" TEXT;

-- CreateIndex
CREATE INDEX "access_log_districtCode_at_idx" ON "access_log"("districtCode", "at");

-- CreateIndex
CREATE INDEX "access_log_personId_at_idx" ON "access_log"("personId", "at");
