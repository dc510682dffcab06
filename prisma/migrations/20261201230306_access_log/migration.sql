-- CreateTable
CREATE TABLE "access_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectRef" TEXT,
    "route" TEXT NOT NULL,
    "detail" TEXT,

    CONSTRAINT "access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_log_at_idx" ON "access_log"("at");

-- CreateIndex
CREATE INDEX "access_log_userId_at_idx" ON "access_log"("userId", "at");

-- CreateIndex
CREATE INDEX "access_log_subjectRef_at_idx" ON "access_log"("subjectRef", "at");
