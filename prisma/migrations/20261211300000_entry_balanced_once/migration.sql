-- An entry's balance is checked ONCE at commit, not once per posting. The deferred trigger fired for
-- every posting and summed all of its entry's postings each time: n² rows for an entry of n legs.
-- An auction settling 20,000 bids (~40,000 legs in one entry) spent over four minutes in it at
-- commit in the national-scale benchmark.
--
-- Now the deferred check hangs on the entry itself (one firing per entry, summing its postings once),
-- and a posting may only be added to an entry written in the same transaction, so no posting can
-- reach an entry after its check.

DROP TRIGGER unit_posting_balanced ON "unit_posting";
DROP TRIGGER cash_posting_balanced ON "cash_posting";
DROP FUNCTION assert_entry_balanced();

CREATE FUNCTION assert_journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad RECORD;
BEGIN
  SELECT instrument, vintage, SUM(quantity) AS total INTO bad
    FROM unit_posting WHERE entry_id = NEW.id
   GROUP BY instrument, vintage HAVING SUM(quantity) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % unbalanced for %-%: %', NEW.id, bad.instrument, bad.vintage, bad.total USING ERRCODE = 'check_violation';
  END IF;
  SELECT SUM(amount) AS total INTO bad FROM cash_posting WHERE entry_id = NEW.id HAVING SUM(amount) <> 0;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % unbalanced in cash: %', NEW.id, bad.total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON "journal_entry"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_journal_entry_balanced();

CREATE FUNCTION assert_posting_in_entry_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM journal_entry WHERE id = NEW.entry_id AND xmin = pg_current_xact_id()::xid;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'journal entry % is closed: postings are written with their entry, in its transaction', NEW.entry_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;

-- AFTER (at the end of the statement, like a foreign key's check): the ledger writes an entry and its
-- postings in one statement, whose parts do not see each other's rows before it ends.
CREATE TRIGGER unit_posting_with_entry AFTER INSERT ON "unit_posting" FOR EACH ROW EXECUTE FUNCTION assert_posting_in_entry_transaction();
CREATE TRIGGER cash_posting_with_entry AFTER INSERT ON "cash_posting" FOR EACH ROW EXECUTE FUNCTION assert_posting_in_entry_transaction();
