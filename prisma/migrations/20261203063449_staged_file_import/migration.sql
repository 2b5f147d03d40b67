-- CreateEnum
CREATE TYPE "StagedFileStatus" AS ENUM ('queued', 'staged', 'refused', 'unpacked', 'committed');

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "stagedFileId" TEXT,
ADD COLUMN     "township" TEXT;

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "manifest" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StagedFile" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "parentId" TEXT,
    "status" "StagedFileStatus" NOT NULL DEFAULT 'queued',
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "original" BYTEA NOT NULL,
    "format" TEXT,
    "encoding" TEXT,
    "encodingSource" TEXT,
    "encodingConfidence" DOUBLE PRECISION,
    "text" TEXT,
    "bodyStart" INTEGER,
    "bodyEnd" INTEGER,
    "read" JSONB,
    "edits" JSONB NOT NULL DEFAULT '{}',
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "problem" JSONB,
    "textSha256" TEXT,
    "duplicateOfId" TEXT,
    "nearDuplicateOfId" TEXT,
    "nearDuplicateShare" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StagedFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportBatch_projectId_createdAt_idx" ON "ImportBatch"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "StagedFile_batchId_status_idx" ON "StagedFile"("batchId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "StagedFile_batchId_path_key" ON "StagedFile"("batchId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Document_stagedFileId_key" ON "Document"("stagedFileId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_stagedFileId_fkey" FOREIGN KEY ("stagedFileId") REFERENCES "StagedFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StagedFile" ADD CONSTRAINT "StagedFile_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ImportBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
