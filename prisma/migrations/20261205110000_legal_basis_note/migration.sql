-- A generated legal basis ("Compliance year 2025", "Trade settlement, delivery versus payment") is
-- data too: its note is kept beside the English text and rendered in the reader's language. A legal
-- basis a user typed (a court's order) stays as typed, without a note.
ALTER TABLE "journal_entry" ADD COLUMN "legal_basis_note" JSONB;
