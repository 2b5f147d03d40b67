-- Curation (docs/decisions/0025): one gold layer per document, the tags it came from, and an
-- append-only history of the curators' decisions.
CREATE TYPE "CurationDecisionKind" AS ENUM ('accept', 'take', 'fix', 'drop');

CREATE TABLE "GoldTag" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "rowKey" TEXT NOT NULL,
    "curatorId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" TIMESTAMPTZ(3),
    CONSTRAINT "GoldTag_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "GoldTag_span_check" CHECK ("start" >= 0 AND "start" < "end")
);
CREATE INDEX "GoldTag_documentId_start_idx" ON "GoldTag"("documentId", "start");
CREATE INDEX "GoldTag_documentId_rowKey_idx" ON "GoldTag"("documentId", "rowKey");
ALTER TABLE "GoldTag" ADD CONSTRAINT "GoldTag_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "GoldTag" ADD CONSTRAINT "GoldTag_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "GoldTag" ADD CONSTRAINT "GoldTag_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "GoldTag" ADD CONSTRAINT "GoldTag_curatorId_fkey" FOREIGN KEY ("curatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "GoldTagSource" (
    "goldTagId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    CONSTRAINT "GoldTagSource_pkey" PRIMARY KEY ("goldTagId", "tagId")
);
CREATE INDEX "GoldTagSource_tagId_idx" ON "GoldTagSource"("tagId");
ALTER TABLE "GoldTagSource" ADD CONSTRAINT "GoldTagSource_goldTagId_fkey" FOREIGN KEY ("goldTagId") REFERENCES "GoldTag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "GoldTagSource" ADD CONSTRAINT "GoldTagSource_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "CurationEvent" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "rowKey" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "decision" "CurationDecisionKind" NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "remaining" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" BIGSERIAL NOT NULL,
    CONSTRAINT "CurationEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CurationEvent_documentId_seq_idx" ON "CurationEvent"("documentId", "seq");
ALTER TABLE "CurationEvent" ADD CONSTRAINT "CurationEvent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CurationEvent" ADD CONSTRAINT "CurationEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The history is append-only, as TagEvent and DocumentEvent are: UPDATE and TRUNCATE are refused,
-- DELETE only as the cascade of deleting the document itself (by then the document row is gone).
CREATE FUNCTION curation_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM "Document" WHERE id = OLD."documentId") THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'CurationEvent rows are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "CurationEvent_append_only"
  BEFORE UPDATE OR DELETE ON "CurationEvent"
  FOR EACH ROW EXECUTE FUNCTION curation_event_append_only();
CREATE TRIGGER "CurationEvent_no_truncate"
  BEFORE TRUNCATE ON "CurationEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION curation_event_append_only();
