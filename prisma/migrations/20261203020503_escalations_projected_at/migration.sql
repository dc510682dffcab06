-- When an escalation first reached the read model (issue #16: escalation lateness measured to the
-- read model, next to the bare baseline's activity completion). New rows take the projection
-- statement's time; the projection's upsert never sets it again. Rows written before this column
-- existed take the best known approximation, their escalation's own time.
ALTER TABLE "escalations" ADD COLUMN "projectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "escalations" SET "projectedAt" = "escalatedAt";
