-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "selfApproval" BOOLEAN NOT NULL DEFAULT false;
