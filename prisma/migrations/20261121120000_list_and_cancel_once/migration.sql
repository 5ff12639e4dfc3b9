-- A list-and-cancel alert is raised once per participant and trading day, even when concurrent
-- cancellations reach the threshold at the same moment.
CREATE UNIQUE INDEX "surveillance_alert_list_and_cancel_once" ON "surveillance_alert" ("trading_day", (("account_ids")[1])) WHERE "kind" = 'LIST_AND_CANCEL';
