-- AlterTable
ALTER TABLE "escalations" ADD COLUMN     "warningId" TEXT,
ALTER COLUMN "caseId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "monitoring_imports" (
    "importId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "filedBy" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "warningsRaised" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "failure" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "monitoring_imports_pkey" PRIMARY KEY ("importId")
);

-- CreateTable
CREATE TABLE "monitoring_import_records" (
    "importId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "recordEnc" TEXT NOT NULL,

    CONSTRAINT "monitoring_import_records_pkey" PRIMARY KEY ("importId","index")
);

-- CreateTable
CREATE TABLE "monitoring_import_chunks" (
    "importId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "chunk" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "warningsRaised" INTEGER NOT NULL,
    "doneAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_import_chunks_pkey" PRIMARY KEY ("importId","phase","chunk")
);

-- CreateTable
CREATE TABLE "register_entries" (
    "personId" TEXT NOT NULL,
    "category" TEXT,
    "streetCode" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "disabilityGrade" INTEGER,
    "deceasedAt" TIMESTAMP(3),
    "lastImportId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "register_entries_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "monitoring_events" (
    "id" BIGSERIAL NOT NULL,
    "importId" TEXT NOT NULL,
    "recordIndex" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "amountEnc" TEXT,
    "detailsEnc" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "warnings" (
    "warningId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "householdId" TEXT,
    "streetCode" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "verifyDueAt" TIMESTAMP(3) NOT NULL,
    "verifyDueProvisional" BOOLEAN NOT NULL DEFAULT false,
    "escalationWindow" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT,
    "noteEnc" TEXT,
    "caseId" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "verifiedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "warnings_pkey" PRIMARY KEY ("warningId")
);

-- CreateTable
CREATE TABLE "warning_reasons" (
    "id" BIGSERIAL NOT NULL,
    "ruleId" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "recordIndex" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "warningId" TEXT,
    "caseId" TEXT,
    "level" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "amountEnc" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "warning_reasons_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "monitoring_imports_contentHash_key" ON "monitoring_imports"("contentHash");

-- CreateIndex
CREATE INDEX "monitoring_imports_filedBy_createdAt_idx" ON "monitoring_imports"("filedBy", "createdAt");

-- CreateIndex
CREATE INDEX "register_entries_streetCode_category_idx" ON "register_entries"("streetCode", "category");

-- CreateIndex
CREATE INDEX "register_entries_districtCode_category_idx" ON "register_entries"("districtCode", "category");

-- CreateIndex
CREATE INDEX "monitoring_events_personId_kind_occurredAt_idx" ON "monitoring_events"("personId", "kind", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "monitoring_events_importId_recordIndex_key" ON "monitoring_events"("importId", "recordIndex");

-- CreateIndex
CREATE INDEX "warnings_streetCode_status_raisedAt_idx" ON "warnings"("streetCode", "status", "raisedAt");

-- CreateIndex
CREATE INDEX "warnings_districtCode_status_level_idx" ON "warnings"("districtCode", "status", "level");

-- CreateIndex
CREATE INDEX "warnings_status_verifyDueAt_idx" ON "warnings"("status", "verifyDueAt");

-- CreateIndex
CREATE INDEX "warnings_personId_idx" ON "warnings"("personId");

-- CreateIndex
CREATE INDEX "warnings_importId_idx" ON "warnings"("importId");

-- CreateIndex
CREATE INDEX "warning_reasons_warningId_idx" ON "warning_reasons"("warningId");

-- CreateIndex
CREATE INDEX "warning_reasons_caseId_createdAt_idx" ON "warning_reasons"("caseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "warning_reasons_ruleId_importId_recordIndex_key" ON "warning_reasons"("ruleId", "importId", "recordIndex");

-- CreateIndex
CREATE INDEX "escalations_warningId_idx" ON "escalations"("warningId");

-- One open warning per person and rule (§8): later matching records add reasons to it.
CREATE UNIQUE INDEX "warnings_one_open_per_person_rule" ON "warnings"("personId", "ruleId") WHERE "status" = 'open';
