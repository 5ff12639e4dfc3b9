-- The GWP table (global warming potentials, tCO2e per tonne of gas) becomes compliance policy data
-- (DOMAIN §2: "the GWP table is data, not code"), set by the national regulator. Default: IPCC AR4
-- 100-year values, factors as decimal strings. The application validates a new table (gas codes,
-- positive factors, CO2 = 1) and stores it canonically, so CO2's factor is always the string "1".
ALTER TABLE "compliance_policy"
    ADD COLUMN "gwp" JSONB NOT NULL
        DEFAULT '{"CO2": "1", "CH4": "25", "N2O": "298", "HFC23": "14800", "PFC14": "7390", "SF6": "22800"}'::jsonb,
    ADD COLUMN "gwp_source" TEXT NOT NULL DEFAULT 'IPCC AR4 100-year',
    ADD CONSTRAINT "compliance_policy_gwp" CHECK (jsonb_typeof("gwp") = 'object' AND "gwp"->>'CO2' = '1' AND char_length(btrim("gwp_source")) > 0);

-- Each line of a report now keeps the factor it was converted with and its tCO2e, so that a later
-- change of the table leaves filed reports as they were. Reports filed before this migration were
-- converted with the table then in the code (IPCC AR5 100-year): record those factors on their lines.
UPDATE "emission_report" r
   SET "lines" = (
       SELECT jsonb_agg(
                  CASE WHEN f."factor" IS NULL THEN e."line"
                       ELSE e."line" || jsonb_build_object('gwp', f."factor",
                                                           'co2e', trim_scale((e."line"->>'quantity')::numeric * f."factor"::numeric)::text)
                  END
                  ORDER BY e."n")
         FROM jsonb_array_elements(r."lines") WITH ORDINALITY AS e("line", "n")
         LEFT JOIN (VALUES ('CO2', '1'), ('CH4', '28'), ('N2O', '265'), ('HFC23', '12400'), ('PFC14', '6630'), ('SF6', '23500')) AS f("gas", "factor")
                ON f."gas" = e."line"->>'gas')
 WHERE jsonb_typeof(r."lines") = 'array'
   AND jsonb_array_length(r."lines") > 0
   AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r."lines") AS l("line") WHERE l."line" ? 'co2e');
