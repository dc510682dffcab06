-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "jurisdictions" (
    "code" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parentCode" TEXT,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "populationInDifficulty" INTEGER,
    "designatedWorkerId" TEXT,
    "webhookUrl" TEXT,

    CONSTRAINT "jurisdictions_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "staff_users" (
    "id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "jurisdictionCode" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "fullTimeAssistance" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "persons" (
    "id" TEXT NOT NULL,
    "idHash" TEXT NOT NULL,
    "idNumberEnc" TEXT NOT NULL,
    "nameEnc" TEXT NOT NULL,
    "phoneEnc" TEXT,
    "addressEnc" TEXT,
    "birthYear" INTEGER NOT NULL,
    "sex" TEXT NOT NULL,
    "streetCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "persons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cases" (
    "caseId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "streetCode" TEXT NOT NULL,
    "assigneeId" TEXT,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "nextDueAt" TIMESTAMP(3),
    "nextDueClock" TEXT,
    "clockPaused" BOOLEAN NOT NULL DEFAULT false,
    "policyVersion" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL,
    "view" JSONB NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "case_events" (
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "fromStage" TEXT,
    "toStage" TEXT,
    "details" JSONB NOT NULL,

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "escalations" (
    "escalationId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "clock" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "escalatedAt" TIMESTAMP(3) NOT NULL,
    "raisedToCityAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "timeToResolveMs" BIGINT,
    "districtCode" TEXT NOT NULL,
    "streetCode" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "escalations_pkey" PRIMARY KEY ("escalationId")
);

-- CreateTable
CREATE TABLE "escalation_feed" (
    "id" BIGSERIAL NOT NULL,
    "escalationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "districtCode" TEXT NOT NULL,
    "streetCode" TEXT NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "escalation_feed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organisations" (
    "id" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "districtCode" TEXT,
    "services" TEXT[],

    CONSTRAINT "organisations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referrals" (
    "referralId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "needs" TEXT[],
    "status" TEXT NOT NULL,
    "referredAt" TIMESTAMP(3) NOT NULL,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "referrals_pkey" PRIMARY KEY ("referralId")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" BIGSERIAL NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "caseId" TEXT,
    "recipientId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "key" TEXT NOT NULL,
    "callerId" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER,
    "response" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("callerId","key")
);

-- CreateTable
CREATE TABLE "access_audit" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "access_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "jurisdictions_parentCode_idx" ON "jurisdictions"("parentCode");

-- CreateIndex
CREATE INDEX "staff_users_jurisdictionCode_role_idx" ON "staff_users"("jurisdictionCode", "role");

-- CreateIndex
CREATE UNIQUE INDEX "persons_idHash_key" ON "persons"("idHash");

-- CreateIndex
CREATE INDEX "cases_districtCode_stage_nextDueAt_idx" ON "cases"("districtCode", "stage", "nextDueAt");

-- CreateIndex
CREATE INDEX "cases_streetCode_stage_nextDueAt_idx" ON "cases"("streetCode", "stage", "nextDueAt");

-- CreateIndex
CREATE INDEX "cases_escalationLevel_districtCode_idx" ON "cases"("escalationLevel", "districtCode");

-- CreateIndex
CREATE INDEX "cases_assigneeId_nextDueAt_idx" ON "cases"("assigneeId", "nextDueAt");

-- CreateIndex
CREATE INDEX "cases_nextDueAt_idx" ON "cases"("nextDueAt");

-- CreateIndex
CREATE INDEX "cases_personId_idx" ON "cases"("personId");

-- CreateIndex
CREATE INDEX "case_events_type_at_idx" ON "case_events"("type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "case_events_caseId_seq_key" ON "case_events"("caseId", "seq");

-- CreateIndex
CREATE INDEX "escalations_status_level_districtCode_idx" ON "escalations"("status", "level", "districtCode");

-- CreateIndex
CREATE INDEX "escalations_districtCode_escalatedAt_idx" ON "escalations"("districtCode", "escalatedAt");

-- CreateIndex
CREATE INDEX "escalations_streetCode_escalatedAt_idx" ON "escalations"("streetCode", "escalatedAt");

-- CreateIndex
CREATE INDEX "escalations_caseId_idx" ON "escalations"("caseId");

-- CreateIndex
CREATE INDEX "escalation_feed_districtCode_id_idx" ON "escalation_feed"("districtCode", "id");

-- CreateIndex
CREATE UNIQUE INDEX "escalation_feed_escalationId_kind_key" ON "escalation_feed"("escalationId", "kind");

-- CreateIndex
CREATE INDEX "referrals_caseId_idx" ON "referrals"("caseId");

-- CreateIndex
CREATE INDEX "referrals_organisationId_status_idx" ON "referrals"("organisationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupKey_key" ON "notifications"("dedupKey");

-- CreateIndex
CREATE INDEX "notifications_recipientId_createdAt_idx" ON "notifications"("recipientId", "createdAt");

-- CreateIndex
CREATE INDEX "notifications_state_nextAttemptAt_idx" ON "notifications"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "notifications_caseId_id_idx" ON "notifications"("caseId", "id");

-- CreateIndex
CREATE INDEX "access_audit_at_idx" ON "access_audit"("at");
