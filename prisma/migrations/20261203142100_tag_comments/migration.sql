-- Comments on a tag (docs/decisions/0025): a short, append-only thread.
CREATE TABLE "TagComment" (
    "id" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" BIGSERIAL NOT NULL,
    CONSTRAINT "TagComment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "TagComment_body_length" CHECK (char_length("body") BETWEEN 1 AND 2000)
);
CREATE INDEX "TagComment_tagId_seq_idx" ON "TagComment"("tagId", "seq");
ALTER TABLE "TagComment" ADD CONSTRAINT "TagComment_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "TagComment" ADD CONSTRAINT "TagComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE FUNCTION tag_comment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TagComment rows are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "TagComment_append_only"
  BEFORE UPDATE OR DELETE ON "TagComment"
  FOR EACH ROW EXECUTE FUNCTION tag_comment_append_only();
CREATE TRIGGER "TagComment_no_truncate"
  BEFORE TRUNCATE ON "TagComment"
  FOR EACH STATEMENT EXECUTE FUNCTION tag_comment_append_only();
