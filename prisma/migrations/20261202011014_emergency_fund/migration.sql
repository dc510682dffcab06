-- CreateTable
CREATE TABLE "emergency_fund_years" (
    "streetCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "committedFen" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "emergency_fund_years_pkey" PRIMARY KEY ("streetCode","year")
);

-- CreateTable
CREATE TABLE "emergency_fund_grants" (
    "id" TEXT NOT NULL,
    "streetCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "caseId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "beyondLimit" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "emergency_fund_grants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "emergency_fund_grants_streetCode_year_status_idx" ON "emergency_fund_grants"("streetCode", "year", "status");

-- CreateIndex
CREATE INDEX "emergency_fund_grants_caseId_idx" ON "emergency_fund_grants"("caseId");
