-- A posting written inside a savepoint (a use case run by a four-eyes approval) belongs to an entry
-- whose xmin is the savepoint's transaction id, not the top transaction's: refusing it as "closed"
-- was wrong. A posting now only skips its own check when its entry was written by this very
-- transaction (the entry's deferred check covers it); otherwise — a savepoint, or an entry of
-- another transaction — its entry's balance is checked at commit as before, so no posting can
-- unbalance an entry unseen.

DROP TRIGGER unit_posting_with_entry ON "unit_posting";
DROP TRIGGER cash_posting_with_entry ON "cash_posting";
DROP FUNCTION assert_posting_in_entry_transaction();

CREATE FUNCTION assert_posting_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad RECORD;
BEGIN
  PERFORM 1 FROM journal_entry WHERE id = NEW.entry_id AND xmin = pg_current_xact_id()::xid;
  IF FOUND THEN
    RETURN NULL; -- the entry's own deferred check (journal_entry_balanced) sums its postings once
  END IF;
  IF TG_TABLE_NAME = 'unit_posting' THEN
    SELECT instrument, vintage, SUM(quantity) AS total INTO bad
      FROM unit_posting WHERE entry_id = NEW.entry_id
     GROUP BY instrument, vintage HAVING SUM(quantity) <> 0 LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'journal entry % unbalanced for %-%: %', NEW.entry_id, bad.instrument, bad.vintage, bad.total USING ERRCODE = 'check_violation';
    END IF;
  ELSE
    SELECT SUM(amount) AS total INTO bad FROM cash_posting WHERE entry_id = NEW.entry_id HAVING SUM(amount) <> 0;
    IF FOUND THEN
      RAISE EXCEPTION 'journal entry % unbalanced in cash: %', NEW.entry_id, bad.total USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER unit_posting_balanced AFTER INSERT ON "unit_posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_posting_entry_balanced();
CREATE CONSTRAINT TRIGGER cash_posting_balanced AFTER INSERT ON "cash_posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_posting_entry_balanced();
