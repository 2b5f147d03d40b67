-- CreateTable
CREATE TABLE "ResearchCount" (
    "documentId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "status" "TagStatus" NOT NULL,
    "tags" INTEGER NOT NULL,

    CONSTRAINT "ResearchCount_pkey" PRIMARY KEY ("documentId","labelId","status")
);

-- CreateIndex
CREATE INDEX "ResearchCount_labelId_idx" ON "ResearchCount"("labelId");

-- AddForeignKey
ALTER TABLE "ResearchCount" ADD CONSTRAINT "ResearchCount_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResearchCount" ADD CONSTRAINT "ResearchCount_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The research counts (docs/decisions/0031): kept exact by statement-level triggers with transition
-- tables, in the transaction of the tag write, so a bulk write (an import, a merge of thousands of
-- tags) costs one grouped upsert, not one per tag. Only live tags count; a tag moving between labels,
-- statuses, documents or in and out of deletion is -1 on its old key and +1 on its new one.
-- A key whose document is gone (deleted in this transaction, its tags cascading) is skipped: the
-- document's count rows go with it.
CREATE FUNCTION research_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ResearchCount" ("documentId", "labelId", status, tags)
    SELECT n."documentId", n."labelId", n.status, count(*)::int FROM new_rows n
    WHERE n."deletedAt" IS NULL AND EXISTS (SELECT 1 FROM "Document" d WHERE d.id = n."documentId")
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("documentId", "labelId", status) DO UPDATE SET tags = "ResearchCount".tags + EXCLUDED.tags;
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    UPDATE "ResearchCount" c SET tags = c.tags - x.n
    FROM (SELECT "documentId", "labelId", status, count(*)::int AS n FROM old_rows WHERE "deletedAt" IS NULL GROUP BY 1, 2, 3) x
    WHERE c."documentId" = x."documentId" AND c."labelId" = x."labelId" AND c.status = x.status;
  ELSE
    INSERT INTO "ResearchCount" ("documentId", "labelId", status, tags)
    SELECT x."documentId", x."labelId", x.status, sum(x.n)::int FROM (
      SELECT "documentId", "labelId", status, 1 AS n FROM new_rows WHERE "deletedAt" IS NULL
      UNION ALL
      SELECT "documentId", "labelId", status, -1 AS n FROM old_rows WHERE "deletedAt" IS NULL
    ) x
    WHERE EXISTS (SELECT 1 FROM "Document" d WHERE d.id = x."documentId")
    GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT ("documentId", "labelId", status) DO UPDATE SET tags = "ResearchCount".tags + EXCLUDED.tags;
  END IF;
  -- No row of zero stays: a row is a document that carries the label (the share of reports counts rows).
  DELETE FROM "ResearchCount" c
  WHERE c.tags <= 0 AND (c."documentId", c."labelId", c.status) IN (SELECT "documentId", "labelId", status FROM old_rows);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Tag_research_count_insert" AFTER INSERT ON "Tag"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION research_count_apply();
CREATE TRIGGER "Tag_research_count_update" AFTER UPDATE ON "Tag"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION research_count_apply();
CREATE TRIGGER "Tag_research_count_delete" AFTER DELETE ON "Tag"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION research_count_apply();

-- Backfill from the tags there are.
INSERT INTO "ResearchCount" ("documentId", "labelId", status, tags)
SELECT "documentId", "labelId", status, count(*)::int FROM "Tag" WHERE "deletedAt" IS NULL GROUP BY 1, 2, 3;

-- The concordance's context sorts read these in order, so a page of 100 stops after about 100 rows
-- instead of sorting every tag of the project (the ORDER BY of lib/services/research.ts, same collation).
CREATE INDEX "Tag_research_left_idx" ON "Tag" ("projectId", (reverse(prefix) COLLATE "C"), id) WHERE "deletedAt" IS NULL;
CREATE INDEX "Tag_research_right_idx" ON "Tag" ("projectId", (suffix COLLATE "C"), id) WHERE "deletedAt" IS NULL;

-- Keyword search in passages: a trigram index answers quote ILIKE '%…%' for keywords of three or more
-- characters (pg_trgm ships with the embedded Postgres; it hashes CJK trigrams in a C.UTF-8 database).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Tag_quote_trgm_idx" ON "Tag" USING gin (quote gin_trgm_ops) WHERE "deletedAt" IS NULL;
