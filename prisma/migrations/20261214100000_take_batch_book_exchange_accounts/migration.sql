-- take_batch_book is given the exchange's fee and risk-reserve cash accounts (the ids the app
-- already knows, src/server/trading/settlement.ts exchangeCashAccounts) instead of looking them up
-- with a query of its own; the rest is unchanged from 20261213100000_take_batch_in_two_calls.
DROP FUNCTION take_batch_book(text, int[], bigint, bigint, bigint[], text[], text[], int, date, boolean);

-- Everything a take batch decides on, read and locked in the trading system's lock order (locks.ts):
-- the instrument lock, the takers' registry accounts (FOR SHARE), the best open listings of each
-- side a take needs (FOR UPDATE; the window grows until it holds the tonnes needed or more than
-- p_levels price levels; a side with picked listings is read to that depth), the listers' registry
-- accounts, every party's holding (created if missing, then FOR UPDATE in account order) and cash
-- account with the exchange's fee and reserve accounts p_fee_account and p_risk_account (FOR
-- UPDATE in id order); then today's purchases (T+1), the takers' positions when a position limit
-- applies, and the parties' CCER lots. The caller holds the day-end lock and the settings row
-- (sessionIn), and the listers' statuses that may trade each side are passed in (statusesTrading).
CREATE FUNCTION take_batch_book(
  p_symbol text, p_orgs int[], p_need_buy bigint, p_need_sell bigint, p_picks bigint[],
  p_buy_statuses text[], p_sell_statuses text[], p_levels int, p_day date, p_positions boolean,
  p_fee_account int, p_risk_account int
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  inst record;
  takers jsonb;
  taker_accounts int[];
  listings jsonb := '[]';
  rows_read jsonb;
  listing_ids bigint[];
  side "OrderSide";
  need bigint;
  win int;
  n int;
  total bigint;
  levels int;
  closed jsonb;
  listers jsonb;
  accounts int[];
  holdings jsonb;
  cash jsonb;
  bought jsonb;
  positions jsonb := '[]';
  lots jsonb := '[]';
BEGIN
  PERFORM pg_advisory_xact_lock(7302613, hashtext(p_symbol));
  SELECT symbol, instrument::text AS instrument, vintage, status::text AS status, status_reason, previous_close::text AS previous_close,
         reference_price::text AS reference_price
    INTO inst FROM trading_instrument WHERE symbol = p_symbol;
  IF NOT FOUND THEN RETURN jsonb_build_object('instrument', NULL); END IF;

  SELECT coalesce(jsonb_agg(x.v ORDER BY x.id), '[]'), coalesce(array_agg(x.id), '{}') INTO takers, taker_accounts
    FROM (SELECT a.id, trader_view(a, o, t, c) AS v FROM registry_account a JOIN organisation o ON o.id = a.organisation_id
            LEFT JOIN trading_account t ON t.registry_account_id = a.id LEFT JOIN cash_account c ON c.trading_account_id = t.id
           WHERE a.type = 'PARTICIPANT' AND a.organisation_id = ANY(p_orgs) ORDER BY a.id FOR SHARE OF a) x;

  FOREACH side IN ARRAY ARRAY['BUY', 'SELL']::"OrderSide"[] LOOP
    need := CASE WHEN cardinality(p_picks) > 0 THEN 9007199254740991 WHEN side = 'BUY' THEN p_need_buy ELSE p_need_sell END;
    CONTINUE WHEN need <= 0;
    win := 32;
    LOOP
      SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id::text, 'side', l.side, 'account_id', l.account_id, 'price', l.price::text,
               'quantity', l.quantity, 'remaining', l.remaining, 'locked_cash', l.locked_cash::text) ORDER BY l.n), '[]'),
             count(*), coalesce(sum(l.remaining), 0), count(DISTINCT l.price)
        INTO rows_read, n, total, levels
        FROM best_listings(p_symbol, side, CASE WHEN side = 'BUY' THEN p_buy_statuses ELSE p_sell_statuses END, win) WITH ORDINALITY AS l(id, side, account_id, price, quantity, remaining, locked_cash, n);
      EXIT WHEN n < win OR total >= need OR levels > p_levels;
      win := win * 4;
    END LOOP;
    listings := listings || rows_read;
  END LOOP;
  SELECT array_agg((x->>'id')::bigint) INTO listing_ids FROM jsonb_array_elements(listings) x;
  listing_ids := coalesce(listing_ids, '{}');

  -- Picked listings outside the takeable book: closed ones, or open ones whose lister cannot trade now.
  SELECT coalesce(jsonb_object_agg(l.id::text, l.status), '{}') INTO closed
    FROM listing l WHERE l.id = ANY(p_picks) AND NOT (l.id = ANY(listing_ids));

  SELECT coalesce(jsonb_agg(x.v ORDER BY x.id), '[]') INTO listers
    FROM (SELECT a.id, trader_view(a, o, t, c) AS v FROM registry_account a JOIN organisation o ON o.id = a.organisation_id
            LEFT JOIN trading_account t ON t.registry_account_id = a.id LEFT JOIN cash_account c ON c.trading_account_id = t.id
           WHERE a.type = 'PARTICIPANT' AND a.id IN (SELECT (x->>'account_id')::int FROM jsonb_array_elements(listings) x)
           ORDER BY a.id FOR SHARE OF a) x;

  SELECT coalesce(array_agg(DISTINCT id ORDER BY id), '{}') INTO accounts FROM (
    SELECT unnest(taker_accounts) AS id UNION SELECT (x->>'account_id')::int FROM jsonb_array_elements(listings) x) ids;
  -- Holding rows missing are created first, in the fixed order, before any is locked (as lockHoldings).
  INSERT INTO holding (account_id, instrument, vintage, is_source)
  SELECT a.id, inst.instrument::"Instrument", inst.vintage, a.type = 'ISSUANCE' FROM registry_account a
   WHERE a.id = ANY(accounts)
     AND NOT EXISTS (SELECT 1 FROM holding h WHERE h.account_id = a.id AND h.instrument = inst.instrument::"Instrument" AND h.vintage = inst.vintage)
   ORDER BY a.id ON CONFLICT DO NOTHING;
  SELECT coalesce(jsonb_agg(jsonb_build_object('account_id', h.account_id, 'instrument', h.instrument, 'vintage', h.vintage,
           'available', h.available, 'locked', h.locked, 'pledged', h.pledged, 'frozen', h.frozen, 'is_source', h.is_source) ORDER BY h.account_id), '[]')
    INTO holdings
    FROM (SELECT * FROM holding h WHERE h.account_id = ANY(accounts) AND h.instrument = inst.instrument::"Instrument" AND h.vintage = inst.vintage
           ORDER BY h.account_id FOR UPDATE) h;

  SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'available', c.available::text, 'locked', c.locked::text, 'is_source', c.is_source) ORDER BY c.id), '[]')
    INTO cash
    FROM (SELECT c.* FROM cash_account c
           WHERE c.id IN (SELECT (x->>'cash_account_id')::int FROM jsonb_array_elements(takers || listers) x) OR c.id IN (p_fee_account, p_risk_account)
           ORDER BY c.id FOR UPDATE) c;

  SELECT coalesce(jsonb_object_agg(b.account_id::text, b.quantity), '{}') INTO bought FROM bought_today(accounts, p_symbol, p_day) b;
  IF p_positions THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('account_id', p.account_id, 'held', p.held, 'open_buys', p.open_buys)), '[]') INTO positions
      FROM positions_of(taker_accounts, inst.instrument, inst.vintage, p_symbol) p;
  END IF;
  IF inst.instrument = 'CCER' THEN
    SELECT coalesce(jsonb_agg(jsonb_build_object('account_id', l.account_id, 'vintage', l.vintage, 'project_id', l.project_id, 'quantity', l.quantity)
             ORDER BY l.account_id, l.vintage, l.project_id), '[]') INTO lots
      FROM ccer_lot l WHERE l.account_id = ANY(accounts) AND l.vintage = inst.vintage;
  END IF;

  RETURN jsonb_build_object('instrument', to_jsonb(inst), 'takers', takers, 'listings', listings, 'closed', closed, 'listers', listers,
    'holdings', holdings, 'cash', cash, 'boughtToday', bought,
    'positions', positions, 'lots', lots);
END $$;
