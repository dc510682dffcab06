-- AlterTable
ALTER TABLE "escalations" ALTER COLUMN "stage" DROP NOT NULL;
