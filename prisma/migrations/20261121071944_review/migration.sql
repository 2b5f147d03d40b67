-- DropIndex
DROP INDEX "Tag_status_createdAt_idx";

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "reviewReasons" JSONB NOT NULL DEFAULT '[{"code":"wrong_label","zh":"标签错误","en":"Wrong label"},{"code":"span_too_wide","zh":"范围过宽","en":"Span too wide"},{"code":"span_too_narrow","zh":"范围过窄","en":"Span too narrow"},{"code":"not_substantive","zh":"非实质内容","en":"Not substantive"}]';

-- AlterTable (hand-edited: add, fill from the document, then require)
ALTER TABLE "Tag" ADD COLUMN     "projectId" TEXT;
UPDATE "Tag" t SET "projectId" = d."projectId" FROM "Document" d WHERE d.id = t."documentId";
ALTER TABLE "Tag" ALTER COLUMN "projectId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Tag_projectId_status_createdAt_idx" ON "Tag"("projectId", "status", "createdAt");

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
