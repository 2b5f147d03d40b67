-- Document texts are stored uncompressed (still out of line): Chinese prose hardly compresses, and
-- every tag write reads a slice of the text with substr(), which on a compressed value first
-- decompresses everything before the slice. New and rewritten rows take this storage.
ALTER TABLE "Document" ALTER COLUMN "text" SET STORAGE EXTERNAL;
