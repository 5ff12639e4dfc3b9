-- A posting written inside a savepoint (a use case run by a four-eyes approval) belongs to an entry
-- whose xmin is the savepoint's transaction id, not the top transaction's: refusing it as "closed"
-- was wrong. A posting now only skips its own check when its entry was written by this very
-- transaction (the entry's deferred check covers it); otherwise — a savepoint, or an entry of
-- another transaction — its entry's balance is checked at commit as before, so no posting can
-- unbalance an entry unseen.

DROP TRIGGER unit_posting_with_entry ON "unit_posting";
DROP TRIGGER cash_posting_with_entry ON "cash_posting";
DROP FUNCTION assert_posting_in_entry_transaction();

-- One statement of the rule, used by both checks: an entry's unit postings sum to zero per
-- instrument and vintage, and its cash postings sum to zero.
CREATE FUNCTION assert_balanced(p_entry bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  bad RECORD;
BEGIN
  SELECT instrument, vintage, SUM(quantity) AS total INTO bad
    FROM unit_posting WHERE entry_id = p_entry
   GROUP BY instrument, vintage HAVING SUM(quantity) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % unbalanced for %-%: %', p_entry, bad.instrument, bad.vintage, bad.total USING ERRCODE = 'check_violation';
  END IF;
  SELECT SUM(amount) AS total INTO bad FROM cash_posting WHERE entry_id = p_entry HAVING SUM(amount) <> 0;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % unbalanced in cash: %', p_entry, bad.total USING ERRCODE = 'check_violation';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION assert_journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM assert_balanced(NEW.id);
  RETURN NULL;
END $$;

CREATE FUNCTION assert_posting_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM journal_entry WHERE id = NEW.entry_id AND xmin = pg_current_xact_id()::xid;
  IF NOT FOUND THEN
    PERFORM assert_balanced(NEW.entry_id);
  END IF; -- else the entry's own deferred check (journal_entry_balanced) sums its postings once
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER unit_posting_balanced AFTER INSERT ON "unit_posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_posting_entry_balanced();
CREATE CONSTRAINT TRIGGER cash_posting_balanced AFTER INSERT ON "cash_posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_posting_entry_balanced();
