-- The review queue lists and counts a project's live tags in one status, oldest first. A partial
-- index over live tags, covering the label and author filters, turns the count into an index-only
-- scan (measured with `npm run bench:review`: 35-49 ms → 4-10 ms for 35,000 pending tags).
DROP INDEX "Tag_projectId_status_createdAt_idx";
CREATE INDEX "Tag_review_queue_idx" ON "Tag"("projectId", "status", "createdAt", "id") INCLUDE ("labelId", "authorId") WHERE "deletedAt" IS NULL;
