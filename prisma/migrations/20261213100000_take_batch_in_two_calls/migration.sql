-- A take batch makes two calls to the database under its instrument's lock instead of a dozen:
-- take_batch_book reads and locks everything the batch decides on, and settle_take_batch writes
-- what it decided. The fills, fees, T+1, position limits and alerts are decided by the app between
-- the two (src/domain/trading, src/server/trading/takes.ts), as for every other movement.
--
-- Pieces shared with the rest of the code, each written once:
--   ledger_write_lots  the CCER lot postings of entries and the lots' new quantities (postEntries);
--   record_trades      the trade rows of settled entries, their surveillance alerts and large-holder
--                      reports (block trades and take batches);
--   take_result        what a take looks like to its taker, its Idempotency-Key and the audit trail.

-- Large-holder report (大户报告): raised when a holding crosses the threshold upwards.
CREATE FUNCTION crosses_large_holder_threshold(before bigint, after bigint, threshold bigint) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT threshold IS NOT NULL AND before < threshold AND after >= threshold
$$;

-- CCER lot postings (one per entry, account, vintage and project) and the lots' new quantities.
-- The caller has locked the holdings the lots belong to (the holding row lock guards its lots).
CREATE FUNCTION ledger_write_lots(p_entry bigint[], p_account int[], p_vintage int[], p_project int[], p_quantity bigint[])
RETURNS void LANGUAGE sql AS $$
  WITH v AS (
    SELECT * FROM unnest(p_entry, p_account, p_vintage, p_project, p_quantity) AS v(entry_id, account_id, vintage, project_id, quantity)
  ), posting_rows AS (
    INSERT INTO ccer_lot_posting (entry_id, account_id, vintage, project_id, quantity)
    SELECT entry_id, account_id, vintage, project_id, quantity FROM v
  ), net AS (
    SELECT account_id, vintage, project_id, sum(quantity)::bigint AS quantity FROM v GROUP BY account_id, vintage, project_id HAVING sum(quantity) <> 0
  ), updated AS (
    UPDATE ccer_lot l SET quantity = l.quantity + n.quantity FROM net n
     WHERE l.account_id = n.account_id AND l.vintage = n.vintage AND l.project_id = n.project_id
  )
  -- A lot the account did not hold yet (the statement's snapshot is from before the update).
  INSERT INTO ccer_lot (account_id, vintage, project_id, quantity)
  SELECT n.account_id, n.vintage, n.project_id, n.quantity FROM net n
   WHERE NOT EXISTS (SELECT 1 FROM ccer_lot l WHERE l.account_id = n.account_id AND l.vintage = n.vintage AND l.project_id = n.project_id)
$$;

-- The trade rows of entries the ledger has written (one row per element, in array order), with the
-- surveillance alerts the app found (p_alert_trade: the trade's 0-based position) and the
-- large-holder reports of the buyers whose holding crossed the threshold. Returns each trade's id.
CREATE FUNCTION record_trades(
  p_entry bigint[], p_symbol text, p_instrument text, p_vintage int, p_day date, p_threshold bigint, p_kind text[], p_listing bigint[], p_block int[], p_buyer int[], p_seller int[], p_aggressor text[],
  p_price numeric[], p_quantity bigint[], p_amount numeric[], p_buyer_fee numeric[], p_seller_fee numeric[],
  p_alert_trade int[], p_alert_kind text[], p_alert_detail text[], p_alert_note text[]
) RETURNS TABLE (ord int, id bigint) LANGUAGE sql AS $$
  WITH v AS (
    SELECT (v.n - 1)::int AS ord, v.*, nextval('trade_id_seq') AS id
      FROM unnest(p_entry, p_kind, p_listing, p_block, p_buyer, p_seller, p_aggressor, p_price, p_quantity, p_amount, p_buyer_fee, p_seller_fee)
           WITH ORDINALITY AS v(entry_id, kind, listing_id, block_id, buyer, seller, aggressor, price, quantity, amount, buyer_fee, seller_fee, n)
  ), inserted AS (
    INSERT INTO trade (id, symbol, kind, listing_id, block_id, buyer_account_id, seller_account_id, aggressor_side, price, quantity, amount,
                       buyer_fee, seller_fee, trading_day, entry_id)
    SELECT v.id, p_symbol, v.kind::"TradeKind", v.listing_id, v.block_id, v.buyer, v.seller, v.aggressor::"OrderSide", v.price, v.quantity, v.amount,
           v.buyer_fee, v.seller_fee, p_day, v.entry_id FROM v ORDER BY v.ord
  ), alerts AS (
    INSERT INTO surveillance_alert (kind, symbol, account_ids, trade_ids, listing_ids, detail, detail_note, trading_day)
    SELECT a.kind::"AlertKind", p_symbol, ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[t.buyer, t.seller]) x ORDER BY x), ARRAY[t.id],
           CASE WHEN t.listing_id IS NULL THEN ARRAY[]::bigint[] ELSE ARRAY[t.listing_id] END, a.detail, a.note::jsonb, p_day
      FROM unnest(p_alert_trade, p_alert_kind, p_alert_detail, p_alert_note) WITH ORDINALITY AS a(trade, kind, detail, note, n)
      JOIN v t ON t.ord = a.trade
     ORDER BY a.n
  ), large_holders AS (
    -- The ledger has written the holdings: a buyer's holding before is its total now less what it bought.
    INSERT INTO large_holder_report (account_id, symbol, threshold, holding, trade_id, trading_day)
    SELECT b.buyer, p_symbol, p_threshold, h.total, b.trade_id, p_day
      FROM (SELECT t.buyer, sum(t.quantity)::bigint AS quantity, (array_agg(t.id ORDER BY t.ord DESC))[1] AS trade_id
              FROM v t WHERE t.buyer <> t.seller AND p_threshold IS NOT NULL GROUP BY t.buyer) b
      JOIN LATERAL (SELECT (available + locked + pledged + frozen)::bigint AS total FROM holding
                     WHERE account_id = b.buyer AND instrument = p_instrument::"Instrument" AND vintage = p_vintage) h ON true
     WHERE crosses_large_holder_threshold(h.total - b.quantity, h.total, p_threshold)
     ORDER BY b.buyer
  )
  SELECT v.ord, v.id FROM v ORDER BY v.ord
$$;

-- A take as its taker, its Idempotency-Key and the audit trail see it: the trades of its entry.
CREATE FUNCTION take_result(p_entry bigint, p_requested int) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'symbol', min(t.symbol), 'side', min(t.aggressor_side::text), 'requested', p_requested, 'filled', sum(t.quantity),
    'averagePrice', to_char(round(sum(t.amount) / sum(t.quantity), 2), 'FM9999999999999990.00'),
    'amount', to_char(sum(t.amount), 'FM9999999999999990.00'),
    'fees', to_char(sum(CASE WHEN t.aggressor_side = 'BUY' THEN t.buyer_fee ELSE t.seller_fee END), 'FM9999999999999990.00'),
    'entryId', p_entry::text,
    'trades', jsonb_agg(jsonb_build_object(
      'id', t.id::text, 'listingId', t.listing_id::text, 'price', to_char(t.price, 'FM9999999999999990.00'), 'quantity', t.quantity,
      'amount', to_char(t.amount, 'FM9999999999999990.00'),
      'fee', to_char(CASE WHEN t.aggressor_side = 'BUY' THEN t.buyer_fee ELSE t.seller_fee END, 'FM9999999999999990.00')) ORDER BY t.id))
    FROM trade t WHERE t.entry_id = p_entry
$$;

-- A participant account as the trading system checks it (participants.ts: loadTraders).
CREATE FUNCTION trader_view(a registry_account, o organisation, t trading_account, c cash_account) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('account_id', a.id, 'account_number', a.number, 'status', a.status, 'organisation_id', o.id,
    'organisation_kind', o.kind, 'group_name', o.group_name, 'cash_account_id', c.id, 'suspended', t.suspended, 'suspension_reason', t.suspension_reason)
$$;

-- The best open listings of one side whose listers may trade that side (their account's status is
-- one of p_statuses, not suspended), best first (price, then time), at most p_limit, locked.
CREATE FUNCTION best_listings(p_symbol text, p_side "OrderSide", p_statuses text[], p_limit int)
RETURNS TABLE (id bigint, side "OrderSide", account_id int, price numeric, quantity bigint, remaining bigint, locked_cash numeric) LANGUAGE plpgsql AS $$
BEGIN
  IF p_side = 'SELL' THEN
    RETURN QUERY SELECT l.id, l.side, l.account_id, l.price, l.quantity, l.remaining, l.locked_cash FROM listing l
      JOIN registry_account a ON a.id = l.account_id AND a.status::text = ANY(p_statuses)
      JOIN trading_account t ON t.registry_account_id = a.id AND NOT t.suspended
     WHERE l.symbol = p_symbol AND l.side = 'SELL' AND l.status = 'OPEN'
     ORDER BY l.price ASC, l.id ASC LIMIT p_limit FOR UPDATE OF l;
  ELSE
    RETURN QUERY SELECT l.id, l.side, l.account_id, l.price, l.quantity, l.remaining, l.locked_cash FROM listing l
      JOIN registry_account a ON a.id = l.account_id AND a.status::text = ANY(p_statuses)
      JOIN trading_account t ON t.registry_account_id = a.id AND NOT t.suspended
     WHERE l.symbol = p_symbol AND l.side = 'BUY' AND l.status = 'OPEN'
     ORDER BY l.price DESC, l.id ASC LIMIT p_limit FOR UPDATE OF l;
  END IF;
END $$;

-- Everything a take batch decides on, read and locked in the trading system's lock order (locks.ts):
-- the instrument lock, the takers' registry accounts (FOR SHARE), the best open listings of each
-- side a take needs (FOR UPDATE; the window grows until it holds the tonnes needed or more than
-- p_levels price levels; a side with picked listings is read to that depth), the listers' registry
-- accounts, every party's holding (created if missing, then FOR UPDATE in account order) and cash
-- account with the exchange's fee and reserve accounts (FOR UPDATE in id order); then today's
-- purchases (T+1), the takers' positions when a position limit applies, and the parties' CCER lots.
-- The caller holds the day-end lock and the settings row (sessionIn), and the listers' statuses
-- that may trade each side are passed in (statusesTrading).
CREATE FUNCTION take_batch_book(
  p_symbol text, p_orgs int[], p_need_buy bigint, p_need_sell bigint, p_picks bigint[],
  p_buy_statuses text[], p_sell_statuses text[], p_levels int, p_day date, p_positions boolean
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
  fee_account int;
  risk_account int;
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

  SELECT max(c.id) FILTER (WHERE c.type = 'EXCHANGE_FEES'), max(c.id) FILTER (WHERE c.type = 'RISK_RESERVE') INTO fee_account, risk_account
    FROM cash_account c WHERE c.type IN ('EXCHANGE_FEES', 'RISK_RESERVE');
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'available', c.available::text, 'locked', c.locked::text, 'is_source', c.is_source) ORDER BY c.id), '[]')
    INTO cash
    FROM (SELECT c.* FROM cash_account c
           WHERE c.id IN (SELECT (x->>'cash_account_id')::int FROM jsonb_array_elements(takers || listers) x) OR c.id IN (fee_account, risk_account)
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
    'holdings', holdings, 'cash', cash, 'feeAccountId', fee_account, 'riskReserveAccountId', risk_account, 'boughtToday', bought,
    'positions', positions, 'lots', lots);
END $$;

-- Writes what a take batch decided, after take_batch_book locked its rows: the journal entries (one
-- per accepted take, through ledger_write and ledger_write_lots), the trades with their alerts and
-- large-holder reports (record_trades; p_trade_entry names each trade's entry by its 0-based
-- position), the listings' new remaining quantity and locked cash, each take's result
-- (take_result) stored on its Idempotency-Key (p_take_key; failed takes' keys are deleted) and
-- audited as trade.take. Returns the results in entry order.
CREATE FUNCTION settle_take_batch(
  e_type text[], e_memo text[], e_memo_note text[], e_basis text[], e_basis_note text[], e_reference text[], e_actor int[],
  u_ord int[], u_account int[], u_instrument text[], u_vintage int[], u_bucket text[], u_quantity bigint[],
  c_ord int[], c_account int[], c_bucket text[], c_amount numeric[],
  l_ord int[], l_account int[], l_vintage int[], l_project int[], l_quantity bigint[],
  p_trade_entry int[], p_symbol text, p_instrument text, p_vintage int, p_day date, p_threshold bigint,
  p_kind text[], p_listing bigint[], p_block int[], p_buyer int[], p_seller int[], p_aggressor text[],
  p_price numeric[], p_quantity bigint[], p_amount numeric[], p_buyer_fee numeric[], p_seller_fee numeric[],
  p_alert_trade int[], p_alert_kind text[], p_alert_detail text[], p_alert_note text[],
  p_listing_id bigint[], p_listing_remaining bigint[], p_listing_locked_cash numeric[],
  p_take_org int[], p_take_requested int[], p_take_key int[], p_failed_keys int[], p_signed boolean
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  entries bigint[];
  results jsonb;
BEGIN
  SELECT array_agg(w.id ORDER BY w.ord) INTO entries FROM ledger_write(e_type, e_memo, e_memo_note, e_basis, e_basis_note, e_reference, e_actor,
    u_ord, u_account, u_instrument, u_vintage, u_bucket, u_quantity, c_ord, c_account, c_bucket, c_amount) w;
  IF cardinality(l_ord) > 0 THEN
    PERFORM ledger_write_lots(ARRAY(SELECT entries[o + 1] FROM unnest(l_ord) WITH ORDINALITY AS x(o, n) ORDER BY n), l_account, l_vintage, l_project, l_quantity);
  END IF;
  PERFORM * FROM record_trades(ARRAY(SELECT entries[o + 1] FROM unnest(p_trade_entry) WITH ORDINALITY AS x(o, n) ORDER BY n),
    p_symbol, p_instrument, p_vintage, p_day, p_threshold, p_kind, p_listing, p_block, p_buyer, p_seller, p_aggressor, p_price, p_quantity, p_amount, p_buyer_fee, p_seller_fee,
    p_alert_trade, p_alert_kind, p_alert_detail, p_alert_note);

  UPDATE listing l SET remaining = v.remaining, locked_cash = v.locked_cash,
         status = CASE WHEN v.remaining = 0 THEN 'FILLED'::"ListingStatus" ELSE l.status END, updated_at = now()
    FROM unnest(p_listing_id, p_listing_remaining, p_listing_locked_cash) AS v(id, remaining, locked_cash) WHERE l.id = v.id;

  WITH s AS (
    SELECT (x.n - 1)::int AS ord, x.entry_id, take_result(x.entry_id, x.requested) AS result
      FROM unnest(entries, p_take_requested) WITH ORDINALITY AS x(entry_id, requested, n)
  ), keys AS (
    UPDATE idempotency_record r SET response = s.result
      FROM unnest(p_take_key) WITH ORDINALITY AS k(id, n) JOIN s ON s.ord = k.n - 1 WHERE r.id = k.id
  ), failed AS (
    DELETE FROM idempotency_record WHERE id = ANY(p_failed_keys)
  ), audit AS (
    INSERT INTO audit_log (actor_user_id, actor_org_id, action, target_type, target_id, after, signed)
    SELECT e_actor[s.ord + 1], p_take_org[s.ord + 1], 'trade.take', 'journal_entry', s.entry_id::text, s.result, p_signed FROM s ORDER BY s.ord
  )
  SELECT coalesce(jsonb_agg(s.result ORDER BY s.ord), '[]') INTO results FROM s;
  RETURN results;
END $$;
