-- AlterTable
ALTER TABLE "Export" ADD COLUMN     "cancelRequestedAt" TIMESTAMP(3);
