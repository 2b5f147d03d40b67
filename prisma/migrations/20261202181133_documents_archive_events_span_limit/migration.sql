-- CreateEnum
CREATE TYPE "DocumentAction" AS ENUM ('edited', 'archived', 'restored');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "maxSpanLength" INTEGER NOT NULL DEFAULT 2000;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "archivedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "DocumentEvent" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" "DocumentAction" NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DocumentEvent_documentId_createdAt_idx" ON "DocumentEvent"("documentId", "createdAt");

-- AddForeignKey
ALTER TABLE "DocumentEvent" ADD CONSTRAINT "DocumentEvent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentEvent" ADD CONSTRAINT "DocumentEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: DocumentEvent is append-only, as TagEvent is. UPDATE and TRUNCATE are refused;
-- DELETE only as the cascade of deleting the document itself (by then the document row is gone),
-- which the service allows for a document without tags.
CREATE FUNCTION document_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM "Document" WHERE id = OLD."documentId") THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'DocumentEvent rows are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "DocumentEvent_append_only"
  BEFORE UPDATE OR DELETE ON "DocumentEvent"
  FOR EACH ROW EXECUTE FUNCTION document_event_append_only();
CREATE TRIGGER "DocumentEvent_no_truncate"
  BEFORE TRUNCATE ON "DocumentEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION document_event_append_only();

-- A span may be at most this many code points (checked by lib/annotate/span-rules.ts); at least 1.
ALTER TABLE "Project" ADD CONSTRAINT "Project_maxSpanLength_positive" CHECK ("maxSpanLength" >= 1);
