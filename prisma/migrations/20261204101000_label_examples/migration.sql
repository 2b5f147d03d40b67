-- The rest of the taxonomy editor (issue 13): splitting a label (a split, then each tag's
-- reassignment, is a taxonomy change), and guideline examples linked to tags.

ALTER TYPE "TaxonomyAction" ADD VALUE 'split';
ALTER TYPE "TaxonomyAction" ADD VALUE 'split_assigned';

CREATE TYPE "LabelExampleKind" AS ENUM ('positive', 'negative');

-- A tag shown with its label's guideline: "this counts" (an approved tag) or "this does not" (a
-- rejected one). One example per tag, on the label the tag had when it was linked.
CREATE TABLE "LabelExample" (
    "id" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "kind" "LabelExampleKind" NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LabelExample_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "LabelExample_tagId_key" ON "LabelExample"("tagId");
CREATE INDEX "LabelExample_labelId_idx" ON "LabelExample"("labelId");
ALTER TABLE "LabelExample" ADD CONSTRAINT "LabelExample_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "LabelExample" ADD CONSTRAINT "LabelExample_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "LabelExample" ADD CONSTRAINT "LabelExample_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
