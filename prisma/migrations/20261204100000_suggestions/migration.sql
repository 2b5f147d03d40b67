-- Suggestions (issue 14, docs/decisions/0028): proposed passages in their own table (never tags until
-- accepted), manager-written rule patterns, trained models with their evaluation, per-project settings,
-- and the runs of "suggest for all documents".
CREATE TYPE "SuggestionSource" AS ENUM ('rule', 'model', 'propagation');
CREATE TYPE "SuggestionStatus" AS ENUM ('open', 'accepted', 'rejected');

CREATE TABLE "Suggestion" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "source" "SuggestionSource" NOT NULL,
    "ref" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'open',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "tagId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Suggestion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Suggestion_span_check" CHECK ("start" >= 0 AND "start" < "end"),
    CONSTRAINT "Suggestion_score_check" CHECK ("score" >= 0 AND "score" <= 1)
);
CREATE UNIQUE INDEX "Suggestion_documentId_labelId_start_end_key" ON "Suggestion"("documentId", "labelId", "start", "end");
CREATE INDEX "Suggestion_documentId_status_start_idx" ON "Suggestion"("documentId", "status", "start");
CREATE INDEX "Suggestion_projectId_source_status_idx" ON "Suggestion"("projectId", "source", "status");
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- A deleted document takes its suggestions with it.
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- A label with suggestions is deleted only with them (labels with tags are archived or merged, never deleted).
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "SuggestionPattern" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "mustAlsoContain" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SuggestionPattern_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SuggestionPattern_kind_check" CHECK ("kind" IN ('literal', 'regex'))
);
CREATE INDEX "SuggestionPattern_projectId_idx" ON "SuggestionPattern"("projectId");
ALTER TABLE "SuggestionPattern" ADD CONSTRAINT "SuggestionPattern_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SuggestionPattern" ADD CONSTRAINT "SuggestionPattern_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SuggestionPattern" ADD CONSTRAINT "SuggestionPattern_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "SuggestionModel" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "weights" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "trainedOnTags" INTEGER NOT NULL,
    "trainedOnDocuments" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SuggestionModel_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SuggestionModel_projectId_version_key" ON "SuggestionModel"("projectId", "version");
ALTER TABLE "SuggestionModel" ADD CONSTRAINT "SuggestionModel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "SuggestionSettings" (
    "projectId" TEXT NOT NULL,
    "ruleEnabled" BOOLEAN NOT NULL DEFAULT true,
    "modelEnabled" BOOLEAN NOT NULL DEFAULT true,
    "propagationEnabled" BOOLEAN NOT NULL DEFAULT true,
    "ruleThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "modelThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.6,
    "propagationThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.8,
    "precisionFloor" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "retrainAfter" INTEGER NOT NULL DEFAULT 50,
    "suggestOnImport" BOOLEAN NOT NULL DEFAULT true,
    "nextByUncertainty" BOOLEAN NOT NULL DEFAULT false,
    "floorNotices" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SuggestionSettings_pkey" PRIMARY KEY ("projectId")
);
ALTER TABLE "SuggestionSettings" ADD CONSTRAINT "SuggestionSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "SuggestionRun" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "createdById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    CONSTRAINT "SuggestionRun_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "SuggestionRun_projectId_createdAt_idx" ON "SuggestionRun"("projectId", "createdAt");
ALTER TABLE "SuggestionRun" ADD CONSTRAINT "SuggestionRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SuggestionRun" ADD CONSTRAINT "SuggestionRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
