-- The trade(s) of a journal entry: an account's movements ask, for each counterparty of an entry,
-- whether a block trade names it; without this index each question scanned every trade (a
-- movements page of an entity took 4 s with a million trades).
CREATE INDEX "trade_entry_id_idx" ON "trade" ("entry_id");
