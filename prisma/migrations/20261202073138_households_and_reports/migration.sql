-- AlterTable
ALTER TABLE "persons" ADD COLUMN     "descriptionEnc" TEXT,
ADD COLUMN     "identifiedAs" TEXT,
ADD COLUMN     "unidentified" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "idHash" DROP NOT NULL,
ALTER COLUMN "idNumberEnc" DROP NOT NULL,
ALTER COLUMN "birthYear" DROP NOT NULL,
ALTER COLUMN "sex" DROP NOT NULL;

-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "mergedInto" TEXT;

-- CreateTable
CREATE TABLE "households" (
    "id" TEXT NOT NULL,
    "streetCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "households_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household_members" (
    "id" BIGSERIAL NOT NULL,
    "householdId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "disability" BOOLEAN,
    "monthlyIncomeEnc" TEXT,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),

    CONSTRAINT "household_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_reports" (
    "reportId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "summaryEnc" TEXT NOT NULL,
    "categories" TEXT[],
    "urgentFlags" TEXT[],
    "reporterEnc" TEXT,
    "filedBy" TEXT NOT NULL,
    "identityDiffers" TEXT[],
    "claimedEnc" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_reports_pkey" PRIMARY KEY ("reportId")
);

-- CreateTable
CREATE TABLE "possible_duplicates" (
    "caseId" TEXT NOT NULL,
    "otherCaseId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "possible_duplicates_pkey" PRIMARY KEY ("caseId","otherCaseId")
);

-- CreateIndex
CREATE INDEX "household_members_householdId_current_idx" ON "household_members"("householdId", "current");

-- CreateIndex
CREATE INDEX "household_members_personId_idx" ON "household_members"("personId");

-- CreateIndex
CREATE INDEX "case_reports_filedBy_receivedAt_idx" ON "case_reports"("filedBy", "receivedAt");

-- CreateIndex
CREATE INDEX "case_reports_householdId_idx" ON "case_reports"("householdId");

-- CreateIndex
CREATE INDEX "case_reports_personId_idx" ON "case_reports"("personId");

-- CreateIndex
CREATE INDEX "possible_duplicates_otherCaseId_idx" ON "possible_duplicates"("otherCaseId");

-- CreateIndex
CREATE INDEX "cases_workflowId_idx" ON "cases"("workflowId");

-- CreateIndex
CREATE INDEX "cases_mergedInto_idx" ON "cases"("mergedInto");

-- AddForeignKey
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "households"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A person is a current member of at most one household (DESIGN.md §7). Concurrent intakes that try
-- to place one person twice collide here and the loser re-reads the winner's household.
CREATE UNIQUE INDEX "household_members_one_current_idx" ON "household_members"("personId") WHERE "current";

-- Every person recorded before households existed becomes the one member of their own household
-- `h-<idHash>`, whose workflow id `case-<idHash>` is the one their cases already run under: running
-- and closed cases keep their workflow, and later reports about them attach as before.
INSERT INTO "households" ("id", "streetCode", "createdAt", "updatedAt")
SELECT 'h-' || "idHash", "streetCode", "createdAt", CURRENT_TIMESTAMP FROM "persons" WHERE "idHash" IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO "household_members" ("householdId", "personId", "relation", "source", "joinedAt")
SELECT 'h-' || "idHash", "id", 'self', 'migration', "createdAt" FROM "persons" WHERE "idHash" IS NOT NULL;
