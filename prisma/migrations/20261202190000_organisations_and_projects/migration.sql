-- Organisations are registered and changed through the API (DESIGN.md §10) and have projects; a
-- referral may name one. Written by hand around Prisma's diff, because the rows recorded so far (the
-- seed's examples) are migrated, not dropped:
--   name         the Chinese name (nameZh); the English name is dropped.
--   districts    a row without a district served the whole city: it lists every district of the city;
--                a row with one lists that district.
--   kind         social_work → social_work_agency, volunteer → volunteer_team.
--   services     the seed's words become the platform's assistance types: financial, food and in_kind
--                → temporary; care and elderly → extreme_poverty (特困供养: care of those without
--                support); medical, education, disaster stay; counselling and visits have no type and
--                are dropped (every seeded organisation keeps at least one service).

-- AlterTable
ALTER TABLE "organisations" RENAME COLUMN "nameZh" TO "name";
ALTER TABLE "organisations" ADD COLUMN "districts" TEXT[],
ADD COLUMN "contactEnc" TEXT,
ADD COLUMN "createdBy" TEXT,
ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "updatedAt" TIMESTAMP(3);

UPDATE "organisations" SET
  "districts" = CASE
    WHEN "districtCode" IS NULL THEN ARRAY(
      SELECT "code" FROM "jurisdictions" WHERE "level" = 'district' ORDER BY "code")
    ELSE ARRAY["districtCode"]
  END,
  "kind" = CASE "kind" WHEN 'social_work' THEN 'social_work_agency' WHEN 'volunteer' THEN 'volunteer_team' ELSE "kind" END,
  "services" = ARRAY(
    SELECT DISTINCT m.service FROM unnest("services") AS s(word)
    CROSS JOIN LATERAL (SELECT CASE s.word
      WHEN 'financial' THEN 'temporary' WHEN 'food' THEN 'temporary' WHEN 'in_kind' THEN 'temporary'
      WHEN 'care' THEN 'extreme_poverty' WHEN 'elderly' THEN 'extreme_poverty'
      WHEN 'minimum_living' THEN 'minimum_living' WHEN 'extreme_poverty' THEN 'extreme_poverty'
      WHEN 'temporary' THEN 'temporary' WHEN 'medical' THEN 'medical' WHEN 'education' THEN 'education'
      WHEN 'housing' THEN 'housing' WHEN 'employment' THEN 'employment' WHEN 'disaster' THEN 'disaster'
      WHEN 'judicial' THEN 'judicial'
    END AS service) AS m
    WHERE m.service IS NOT NULL ORDER BY m.service),
  "updatedAt" = CURRENT_TIMESTAMP;

ALTER TABLE "organisations" DROP COLUMN "districtCode",
DROP COLUMN "nameEn",
ALTER COLUMN "updatedAt" SET NOT NULL;

-- AlterTable
ALTER TABLE "referrals" ADD COLUMN "projectId" TEXT;

-- CreateTable
CREATE TABLE "organisation_projects" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "services" TEXT[],
    "budgetFen" BIGINT NOT NULL,
    "remainingFen" BIGINT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_projects_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "organisation_projects_organisationId_idx" ON "organisation_projects"("organisationId");

-- AddForeignKey
ALTER TABLE "organisation_projects" ADD CONSTRAINT "organisation_projects_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
