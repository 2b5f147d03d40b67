-- The concordance's region, year and document orders (docs/decisions/0035): documents read in the
-- order of the sort, their tags by "Tag"("documentId", start), so a page of 100 lines stops after the
-- first few documents instead of sorting every matching tag. Each index's keys are exactly the
-- ORDER BY of lib/services/research.ts (collation and NULLS included), else Postgres cannot use it.
-- Partial on live documents: archived ones never appear in the research views.
CREATE INDEX "Document_concordance_region_idx" ON "Document" ("projectId", province COLLATE "C" NULLS LAST, city COLLATE "C" NULLS LAST, "reportYear" NULLS LAST, id)
  WHERE "archivedAt" IS NULL;
CREATE INDEX "Document_concordance_year_idx" ON "Document" ("projectId", "reportYear" NULLS LAST, province COLLATE "C" NULLS LAST, city COLLATE "C" NULLS LAST, id)
  WHERE "archivedAt" IS NULL;
CREATE INDEX "Document_concordance_title_idx" ON "Document" ("projectId", title COLLATE "C", id)
  WHERE "archivedAt" IS NULL;
