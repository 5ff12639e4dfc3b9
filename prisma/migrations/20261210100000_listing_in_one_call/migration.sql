-- A listing is placed with ONE call to the database (place_listing), instead of a dozen round trips
-- each holding row locks while the app server works between them.
--
-- The pieces it is built from are shared with the rest of the code, so each exists once:
--   ledger_write      the ledger's write: entries, unit and cash postings, new balances (postEntries
--                     calls it for every movement of the platform);
--   listing_view      what a listing looks like to its lister, the API and the audit trail;
--   bought_today      units bought today per account (T+1), on the market and in auctions;
--   positions_of      each account's position and open buys (position limits);
--   sellable_quantity and breaches_position_limit, the T+1 and position-limit rules.

-- The ledger's write. The caller has locked every holding and cash row the legs touch (in the
-- ledger's fixed order) and checked that no balance goes negative; the CHECK constraints and the
-- deferred balance triggers are the backstop. Entries are numbered from 0 in array order; a leg
-- names its entry by that number. Returns each entry's id.
CREATE FUNCTION ledger_write(
  e_type text[], e_memo text[], e_memo_note text[], e_basis text[], e_basis_note text[], e_reference text[], e_actor int[],
  u_ord int[], u_account int[], u_instrument text[], u_vintage int[], u_bucket text[], u_quantity bigint[],
  c_ord int[], c_account int[], c_bucket text[], c_amount numeric[]
) RETURNS TABLE (ord int, id bigint) LANGUAGE sql AS $$
  WITH input AS (
    SELECT (v.n - 1)::int AS ord, v.type, v.memo, v.memo_note, v.legal_basis, v.legal_basis_note, v.reference, v.actor_user_id,
           nextval('journal_entry_id_seq') AS id
      FROM unnest(e_type, e_memo, e_memo_note, e_basis, e_basis_note, e_reference, e_actor) WITH ORDINALITY
        AS v(type, memo, memo_note, legal_basis, legal_basis_note, reference, actor_user_id, n)
  ),
  entry AS (
    INSERT INTO journal_entry (id, type, memo, memo_note, legal_basis, legal_basis_note, reference, actor_user_id)
    SELECT id, type::"MovementType", memo, memo_note::jsonb, legal_basis, legal_basis_note::jsonb, reference, actor_user_id FROM input ORDER BY ord
  ),
  unit_rows AS (
    INSERT INTO unit_posting (entry_id, account_id, instrument, vintage, bucket, quantity)
    SELECT input.id, v.account_id, v.instrument::"Instrument", v.vintage, v.bucket::"Bucket", v.quantity
      FROM unnest(u_ord, u_account, u_instrument, u_vintage, u_bucket, u_quantity) AS v(ord, account_id, instrument, vintage, bucket, quantity)
      JOIN input USING (ord)
  ),
  holding_rows AS (
    UPDATE holding h SET available = h.available + d.available, locked = h.locked + d.locked,
                         pledged = h.pledged + d.pledged, frozen = h.frozen + d.frozen
      FROM (SELECT v.account_id, v.instrument, v.vintage,
                   coalesce(sum(v.quantity) FILTER (WHERE v.bucket = 'AVAILABLE'), 0) AS available,
                   coalesce(sum(v.quantity) FILTER (WHERE v.bucket = 'LOCKED'), 0) AS locked,
                   coalesce(sum(v.quantity) FILTER (WHERE v.bucket = 'PLEDGED'), 0) AS pledged,
                   coalesce(sum(v.quantity) FILTER (WHERE v.bucket = 'FROZEN'), 0) AS frozen
              FROM unnest(u_account, u_instrument, u_vintage, u_bucket, u_quantity) AS v(account_id, instrument, vintage, bucket, quantity)
             GROUP BY v.account_id, v.instrument, v.vintage) d
     WHERE h.account_id = d.account_id AND h.instrument = d.instrument::"Instrument" AND h.vintage = d.vintage
  ),
  cash_rows AS (
    INSERT INTO cash_posting (entry_id, cash_account_id, bucket, amount)
    SELECT input.id, v.cash_account_id, v.bucket::"CashBucket", v.amount
      FROM unnest(c_ord, c_account, c_bucket, c_amount) AS v(ord, cash_account_id, bucket, amount)
      JOIN input USING (ord)
  ),
  cash_balances AS (
    UPDATE cash_account c SET available = c.available + d.available, locked = c.locked + d.locked
      FROM (SELECT v.cash_account_id,
                   coalesce(sum(v.amount) FILTER (WHERE v.bucket = 'AVAILABLE'), 0) AS available,
                   coalesce(sum(v.amount) FILTER (WHERE v.bucket = 'LOCKED'), 0) AS locked
              FROM unnest(c_account, c_bucket, c_amount) AS v(cash_account_id, bucket, amount)
             GROUP BY v.cash_account_id) d
     WHERE c.id = d.cash_account_id
  )
  SELECT ord, id FROM input ORDER BY ord
$$;

-- A listing as its lister, the API and the audit trail see it.
CREATE FUNCTION listing_view(l "listing") RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', l.id::text, 'symbol', l.symbol, 'side', l.side, 'price', to_char(l.price, 'FM9999999999999990.00'),
    'quantity', l.quantity, 'remaining', l.remaining, 'filled', l.quantity - l.remaining,
    'lockedCash', to_char(l.locked_cash, 'FM9999999999999990.00'), 'status', l.status,
    'tradingDay', to_char(l.trading_day, 'YYYY-MM-DD'),
    'createdAt', to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

-- Units of `p_symbol` each account bought on `p_day`: on the market, and in auctions settled that day (T+1).
CREATE FUNCTION bought_today(p_accounts int[], p_symbol text, p_day date) RETURNS TABLE (account_id int, quantity bigint) LANGUAGE sql STABLE AS $$
  SELECT account_id, sum(q)::bigint FROM (
    SELECT buyer_account_id AS account_id, quantity AS q FROM trade
     WHERE buyer_account_id = ANY(p_accounts) AND symbol = p_symbol AND trading_day = p_day
    UNION ALL
    SELECT b.account_id, b.won_quantity FROM auction_bid b JOIN auction a ON a.id = b.auction_id
     WHERE b.account_id = ANY(p_accounts) AND b.status = 'WON' AND a.instrument::text || '-' || a.vintage = p_symbol AND a.settlement_day = p_day
  ) bought GROUP BY account_id
$$;

-- Each account's position in an instrument (every bucket) and what its open buy orders would add.
CREATE FUNCTION positions_of(p_accounts int[], p_instrument text, p_vintage int, p_symbol text)
RETURNS TABLE (account_id int, held bigint, open_buys bigint) LANGUAGE sql STABLE AS $$
  SELECT a.id,
         coalesce((SELECT sum(available + locked + pledged + frozen) FROM holding
                    WHERE holding.account_id = a.id AND instrument = p_instrument::"Instrument" AND vintage = p_vintage), 0)::bigint,
         ((SELECT coalesce(sum(remaining), 0) FROM listing
            WHERE listing.account_id = a.id AND symbol = p_symbol AND side = 'BUY' AND status = 'OPEN')
        + (SELECT coalesce(sum(quantity), 0) FROM block_proposal
            WHERE initiator_account_id = a.id AND symbol = p_symbol AND side = 'BUY' AND status = 'PENDING'))::bigint
    FROM registry_account a WHERE a.id = ANY(p_accounts)
$$;

-- T+1: what may be sold is the available balance less today's purchases, never below zero.
CREATE FUNCTION sellable_quantity(available bigint, bought_today bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT greatest(available - bought_today, 0)
$$;

-- Position limit (最大持仓量限制): holdings + open buys + this order above the limit (NULL: no limit).
CREATE FUNCTION breaches_position_limit(held bigint, open_buys bigint, quantity bigint, lim bigint) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT lim IS NOT NULL AND held + open_buys + quantity > lim
$$;

-- Places a listed-agreement listing in one call, in the order and with the locks of the rest of the
-- trading system (locks.ts): the day-end lock (shared) and the settings row (FOR SHARE), the
-- lister's registry account (FOR SHARE), its holding or cash account (FOR UPDATE). The app has
-- checked what needs no lock — the quantity, the session by the calendar, the instrument and its
-- price band, the cash to lock (value plus fee at p_fee_rate) — and passes what it decided with;
-- if the clock, the settings or the instrument have changed since, the answer is {"stale": true}
-- and nothing is written. Other answers:
--   {"listing": view}                 placed (or the stored answer of an Idempotency-Key used before: "replayed": true);
--   {"refused": code, ...facts}       nothing written; the app words the refusal from the facts:
--     NO_ACCOUNT, TRADER (the account's status, cash account, halt), SALE (available, boughtToday),
--     POSITION_LIMIT (position, openBuys), INSUFFICIENT_CASH (available), IDEMPOTENCY_KEY_REUSED.
CREATE FUNCTION place_listing(
  p_user int, p_org int, p_signed boolean,
  p_symbol text, p_side "OrderSide", p_price numeric, p_quantity bigint, p_trading_day date,
  -- what the app decided with
  p_closed_through date, p_session_until timestamptz, p_fee_rate numeric,
  p_entity_limit bigint, p_investor_limit bigint, p_org_kind text, p_position_limit bigint,
  p_instrument_status text, p_previous_close numeric, p_reference_price numeric,
  p_trading_statuses text[], p_locked_cash numeric,
  -- the journal memo (English text and note) and the Idempotency-Key
  p_memo text, p_memo_note text, p_key text, p_request_hash text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  clock record;
  inst record;
  trader record;
  prior record;
  key_id int;
  available bigint;
  today bigint;
  pos record;
  cash record;
  l "listing";
  view jsonb;
BEGIN
  -- The day end waits for this order, and the order uses the fee rate and limits in force.
  SELECT pg_advisory_xact_lock_shared(7302612)::text AS lock, market_now() AS now, c.closed_through,
         s.fee_rate, s.entity_position_limit, s.investor_position_limit
    INTO clock FROM market_clock c CROSS JOIN market_settings s FOR SHARE OF s;
  SELECT status::text AS status, previous_close, reference_price, instrument::text AS instrument, vintage
    INTO inst FROM trading_instrument WHERE symbol = p_symbol;
  IF clock.now >= p_session_until OR clock.closed_through IS DISTINCT FROM p_closed_through
     OR clock.fee_rate <> p_fee_rate OR clock.entity_position_limit IS DISTINCT FROM p_entity_limit
     OR clock.investor_position_limit IS DISTINCT FROM p_investor_limit
     OR inst.status IS DISTINCT FROM p_instrument_status OR inst.previous_close IS DISTINCT FROM p_previous_close
     OR inst.reference_price IS DISTINCT FROM p_reference_price THEN
    RETURN jsonb_build_object('stale', true);
  END IF;

  IF p_key IS NOT NULL THEN
    INSERT INTO idempotency_record (actor_user_id, key, scope, request_hash) VALUES (p_user, p_key, 'listing', p_request_hash)
    ON CONFLICT (actor_user_id, key) DO NOTHING RETURNING id INTO key_id;
    IF key_id IS NULL THEN
      SELECT request_hash, response INTO prior FROM idempotency_record WHERE actor_user_id = p_user AND key = p_key;
      IF prior.request_hash <> p_request_hash THEN RETURN jsonb_build_object('refused', 'IDEMPOTENCY_KEY_REUSED'); END IF;
      RETURN jsonb_build_object('listing', prior.response, 'replayed', true);
    END IF;
  END IF;

  SELECT a.id AS account_id, a.number, a.status::text AS status, o.kind::text AS kind, c.id AS cash_account_id,
         coalesce(t.suspended, false) AS suspended, t.suspension_reason
    INTO trader
    FROM registry_account a JOIN organisation o ON o.id = a.organisation_id
    LEFT JOIN trading_account t ON t.registry_account_id = a.id
    LEFT JOIN cash_account c ON c.trading_account_id = t.id
   WHERE a.type = 'PARTICIPANT' AND a.organisation_id = p_org
   ORDER BY a.id LIMIT 1
     FOR SHARE OF a;
  IF NOT FOUND THEN
    DELETE FROM idempotency_record WHERE id = key_id;
    RETURN jsonb_build_object('refused', 'NO_ACCOUNT');
  END IF;
  IF trader.kind <> p_org_kind THEN
    DELETE FROM idempotency_record WHERE id = key_id;
    RETURN jsonb_build_object('stale', true);
  END IF;
  IF NOT (trader.status = ANY(p_trading_statuses)) OR trader.cash_account_id IS NULL OR trader.suspended THEN
    DELETE FROM idempotency_record WHERE id = key_id;
    RETURN jsonb_build_object('refused', 'TRADER', 'trader', to_jsonb(trader));
  END IF;

  IF p_side = 'SELL' THEN
    SELECT h.available INTO available FROM holding h
     WHERE h.account_id = trader.account_id AND h.instrument = inst.instrument::"Instrument" AND h.vintage = inst.vintage FOR UPDATE;
    available := coalesce(available, 0);
    SELECT b.quantity INTO today FROM bought_today(ARRAY[trader.account_id], p_symbol, p_trading_day) b;
    today := coalesce(today, 0);
    IF available < p_quantity OR sellable_quantity(available, today) < p_quantity THEN
      DELETE FROM idempotency_record WHERE id = key_id;
      RETURN jsonb_build_object('refused', 'SALE', 'available', available, 'boughtToday', today);
    END IF;
    PERFORM * FROM ledger_write(ARRAY['LOCK'], ARRAY[p_memo], ARRAY[p_memo_note], ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[p_user],
      ARRAY[0, 0], ARRAY[trader.account_id, trader.account_id], ARRAY[inst.instrument, inst.instrument], ARRAY[inst.vintage, inst.vintage],
      ARRAY['AVAILABLE', 'LOCKED'], ARRAY[-p_quantity, p_quantity],
      ARRAY[]::int[], ARRAY[]::int[], ARRAY[]::text[], ARRAY[]::numeric[]);
  ELSE
    IF p_position_limit IS NOT NULL THEN
      -- The holding row is the lock that serialises this account's position checks.
      INSERT INTO holding (account_id, instrument, vintage) VALUES (trader.account_id, inst.instrument::"Instrument", inst.vintage) ON CONFLICT DO NOTHING;
      PERFORM 1 FROM holding h WHERE h.account_id = trader.account_id AND h.instrument = inst.instrument::"Instrument" AND h.vintage = inst.vintage FOR UPDATE;
      SELECT p.held, p.open_buys INTO pos FROM positions_of(ARRAY[trader.account_id], inst.instrument, inst.vintage, p_symbol) p;
      IF breaches_position_limit(pos.held, pos.open_buys, p_quantity, p_position_limit) THEN
        DELETE FROM idempotency_record WHERE id = key_id;
        RETURN jsonb_build_object('refused', 'POSITION_LIMIT', 'position', pos.held, 'openBuys', pos.open_buys);
      END IF;
    END IF;
    SELECT c.available INTO cash FROM cash_account c WHERE c.id = trader.cash_account_id FOR UPDATE;
    IF cash.available < p_locked_cash THEN
      DELETE FROM idempotency_record WHERE id = key_id;
      RETURN jsonb_build_object('refused', 'INSUFFICIENT_CASH', 'cashAccountId', trader.cash_account_id, 'available', to_char(cash.available, 'FM9999999999999990.00'));
    END IF;
    PERFORM * FROM ledger_write(ARRAY['LOCK'], ARRAY[p_memo], ARRAY[p_memo_note], ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[p_user],
      ARRAY[]::int[], ARRAY[]::int[], ARRAY[]::text[], ARRAY[]::int[], ARRAY[]::text[], ARRAY[]::bigint[],
      ARRAY[0, 0], ARRAY[trader.cash_account_id, trader.cash_account_id], ARRAY['AVAILABLE', 'LOCKED'], ARRAY[-p_locked_cash, p_locked_cash]);
  END IF;

  INSERT INTO listing (symbol, side, account_id, cash_account_id, user_id, price, quantity, remaining, locked_cash, trading_day)
  VALUES (p_symbol, p_side, trader.account_id, trader.cash_account_id, p_user, p_price, p_quantity, p_quantity,
          CASE WHEN p_side = 'BUY' THEN p_locked_cash ELSE 0 END, p_trading_day)
  RETURNING * INTO l;
  view := listing_view(l);
  INSERT INTO audit_log (actor_user_id, actor_org_id, action, target_type, target_id, after, signed)
  VALUES (p_user, p_org, 'listing.place', 'listing', l.id::text, view, p_signed);
  IF key_id IS NOT NULL THEN
    UPDATE idempotency_record SET response = view WHERE id = key_id;
  END IF;
  RETURN jsonb_build_object('listing', view);
END $$;
