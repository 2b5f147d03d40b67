-- Events of one tag written in the same millisecond had no order (ids are random UUIDs).
-- Existing rows are numbered in table order, which is their insertion order.
ALTER TABLE "TagEvent" ADD COLUMN "seq" BIGSERIAL NOT NULL;

CREATE INDEX "TagEvent_tagId_seq_idx" ON "TagEvent"("tagId", "seq");

ALTER TABLE "DocumentEvent" ADD COLUMN "seq" BIGSERIAL NOT NULL;

CREATE INDEX "DocumentEvent_documentId_seq_idx" ON "DocumentEvent"("documentId", "seq");
