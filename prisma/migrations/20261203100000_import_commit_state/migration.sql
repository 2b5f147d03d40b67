-- The state of a batch's last commit job, so that the import page can follow it and show why it failed.
ALTER TABLE "ImportBatch" ADD COLUMN "commitState" TEXT,
  ADD COLUMN "commitProblem" JSONB;
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_commitState_check" CHECK ("commitState" IN ('queued', 'done', 'failed'));
