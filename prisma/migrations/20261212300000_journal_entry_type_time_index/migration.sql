-- The supply analysis reads the allocation and auction entries up to an instant: the entries of a
-- type by time. The index on the type alone becomes one on (type, created_at), which serves both
-- (with only the index on the time, the planner walked every entry up to the instant).
DROP INDEX "journal_entry_type_idx";
CREATE INDEX "journal_entry_type_created_at_idx" ON "journal_entry" ("type", "created_at");
