-- The taxonomy editor (issue 13): labels are versioned, every change is a TaxonomyEvent, a tag records
-- the taxonomy version it was last written under, a merged label points at the label it became.

ALTER TYPE "TagAction" ADD VALUE 'relabelled';

CREATE TYPE "TaxonomyAction" AS ENUM ('created', 'edited', 'moved', 'reordered', 'archived', 'unarchived', 'deleted', 'merged', 'undone');

ALTER TABLE "Label" ADD COLUMN "guidelineZh" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "aliasOfId" TEXT;
ALTER TABLE "Label" ADD CONSTRAINT "Label_aliasOfId_fkey" FOREIGN KEY ("aliasOfId") REFERENCES "Label"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Tag" ADD COLUMN "taxonomyVersion" INTEGER;

CREATE TABLE "TaxonomyEvent" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" "TaxonomyAction" NOT NULL,
    "labelId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" BIGSERIAL NOT NULL,
    CONSTRAINT "TaxonomyEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "TaxonomyEvent_projectId_seq_idx" ON "TaxonomyEvent"("projectId", "seq");
ALTER TABLE "TaxonomyEvent" ADD CONSTRAINT "TaxonomyEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TaxonomyEvent" ADD CONSTRAINT "TaxonomyEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- No foreign key to Label: the event of a deleted label stays, naming the id it had.

-- Written by hand: TaxonomyEvent is append-only, as TagEvent is. UPDATE and TRUNCATE are refused;
-- DELETE only as the cascade of deleting the project itself.
CREATE FUNCTION taxonomy_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM "Project" WHERE id = OLD."projectId") THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'TaxonomyEvent rows are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "TaxonomyEvent_append_only"
  BEFORE UPDATE OR DELETE ON "TaxonomyEvent"
  FOR EACH ROW EXECUTE FUNCTION taxonomy_event_append_only();
CREATE TRIGGER "TaxonomyEvent_no_truncate"
  BEFORE TRUNCATE ON "TaxonomyEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION taxonomy_event_append_only();

-- A tag records the taxonomy version it was last written under: set by the database on every write
-- of its label or span, so that no write path can forget it.
CREATE FUNCTION tag_taxonomy_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW."labelId" IS DISTINCT FROM OLD."labelId" OR NEW.start IS DISTINCT FROM OLD.start OR NEW."end" IS DISTINCT FROM OLD."end" THEN
    NEW."taxonomyVersion" := (SELECT "taxonomyVersion" FROM "Project" WHERE id = NEW."projectId");
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Tag_taxonomy_version"
  BEFORE INSERT OR UPDATE ON "Tag"
  FOR EACH ROW EXECUTE FUNCTION tag_taxonomy_version();
UPDATE "Tag" t SET "taxonomyVersion" = p."taxonomyVersion" FROM "Project" p WHERE p.id = t."projectId";
