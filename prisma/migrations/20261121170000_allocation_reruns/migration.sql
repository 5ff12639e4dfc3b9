-- A province may confirm further runs of a kind in a year (e.g. for entities whose data was missing
-- in the first): each run issues only what is still due. One open preview per year, province and kind.
DROP INDEX "allocation_run_open_key";
CREATE UNIQUE INDEX "allocation_run_preview_key" ON "allocation_run"("year", "province_code", "kind") WHERE "status" = 'PREVIEW';
