-- Referrals answered by the organisation itself (DESIGN.md §10, issue #15 items 6-7): the referrals read
-- model learns where its case is (for lists scoped like cases), the due times of the charityResponse and
-- charityFollowUp clocks, the completion and what was delivered; referral_deliveries keeps one row per
-- charity-response event that delivered an amount, so a project's remaining is reduced once. Each
-- registered organisation gets its user (role organisation). Prisma's diff, then the rows recorded so far
-- filled by hand: district and street from their case, respondBy from the case's next deadline while the
-- referral waits for an answer, and a user for every organisation already registered.

-- AlterTable
ALTER TABLE "referrals" ADD COLUMN     "completedAt" TIMESTAMP(3),
ADD COLUMN     "deliveredAmountFen" BIGINT,
ADD COLUMN     "deliveredServices" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "districtCode" TEXT,
ADD COLUMN     "followUpBy" TIMESTAMP(3),
ADD COLUMN     "respondBy" TIMESTAMP(3),
ADD COLUMN     "streetCode" TEXT;

-- CreateTable
CREATE TABLE "referral_deliveries" (
    "eventId" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "projectId" TEXT,
    "amountFen" BIGINT NOT NULL,
    "deliveredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "referral_deliveries_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE INDEX "referral_deliveries_referralId_idx" ON "referral_deliveries"("referralId");

-- CreateIndex
CREATE INDEX "referrals_districtCode_streetCode_idx" ON "referrals"("districtCode", "streetCode");

UPDATE "referrals" r SET "districtCode" = c."districtCode", "streetCode" = c."streetCode"
FROM "cases" c WHERE c."caseId" = r."caseId";

UPDATE "referrals" r SET "respondBy" = c."nextDueAt"
FROM "cases" c
WHERE c."caseId" = r."caseId" AND r."status" = 'pending' AND c."nextDueClock" = 'charityResponse';

UPDATE "referrals" SET "deliveredServices" = ARRAY[]::TEXT[] WHERE "deliveredServices" IS NULL;

INSERT INTO "staff_users" ("id", "role", "jurisdictionCode", "nameZh", "nameEn", "fullTimeAssistance", "active", "createdAt")
SELECT 'ou-' || o."id", 'organisation', o."id", o."name", o."id", false, true, CURRENT_TIMESTAMP
FROM "organisations" o
ON CONFLICT ("id") DO NOTHING;

-- What was delivered is a record of money, like the events: the application adds rows, never rewrites them.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'relief_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON "referral_deliveries" FROM relief_app;
  END IF;
END
$$;
