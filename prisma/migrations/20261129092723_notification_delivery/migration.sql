-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "backoffMs" INTEGER NOT NULL DEFAULT 60000,
ADD COLUMN     "deadAt" TIMESTAMP(3),
ADD COLUMN     "endpointCode" TEXT,
ADD COLUMN     "lastStatus" INTEGER,
ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "maxAttempts" INTEGER NOT NULL DEFAULT 8,
ADD COLUMN     "maxBackoffMs" INTEGER NOT NULL DEFAULT 3600000;

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "jurisdictionCode" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secretEnc" TEXT NOT NULL,
    "secretHint" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("jurisdictionCode")
);

-- CreateIndex
CREATE INDEX "notifications_recipientId_channel_id_idx" ON "notifications"("recipientId", "channel", "id");
