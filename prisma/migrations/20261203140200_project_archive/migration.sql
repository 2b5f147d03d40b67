-- An archived project is read-only and out of the project lists until an instance admin restores it.
ALTER TABLE "Project" ADD COLUMN "archivedAt" TIMESTAMPTZ(3);
