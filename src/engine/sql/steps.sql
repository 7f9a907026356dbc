-- Each stage's entries of a month and how many reached the next stage by the month's end
-- (docs/metrics.md, stage conversion): step 0 leads created -> MQL (or later), 1 MQLs -> SQL,
-- 2 SQLs -> opportunity, 3 opportunities created -> won with a close date in the month, and 4
-- the opportunities created whose lead had an SQL date by the month's end. A month is text
-- YYYY-MM: "by the month's end" is a month at or before it.
SELECT created_month AS period, 0 AS step, COUNT(*) AS entered,
       SUM(CASE WHEN mql_month <= created_month OR sql_month <= created_month
                  OR first_opportunity_month <= created_month
                  OR first_won_month <= created_month
                THEN 1 ELSE 0 END) AS reached
FROM leads WHERE created_month IS NOT NULL GROUP BY created_month
UNION ALL
SELECT mql_month AS period, 1 AS step, COUNT(*) AS entered,
       SUM(CASE WHEN sql_month <= mql_month THEN 1 ELSE 0 END) AS reached
FROM leads WHERE mql_month IS NOT NULL GROUP BY mql_month
UNION ALL
SELECT sql_month AS period, 2 AS step, COUNT(*) AS entered,
       SUM(CASE WHEN first_opportunity_month <= sql_month THEN 1 ELSE 0 END) AS reached
FROM leads WHERE sql_month IS NOT NULL GROUP BY sql_month
UNION ALL
SELECT created_month AS period, 3 AS step, COUNT(*) AS entered,
       SUM(CASE WHEN is_closed AND is_won AND close_month = created_month
                THEN 1 ELSE 0 END) AS reached
FROM opportunities WHERE created_month IS NOT NULL GROUP BY created_month
UNION ALL
SELECT o.created_month AS period, 4 AS step, COUNT(*) AS entered,
       SUM(CASE WHEN l.sql_month <= o.created_month THEN 1 ELSE 0 END) AS reached
FROM opportunities o LEFT JOIN leads l ON o.lead = l.lead
WHERE o.created_month IS NOT NULL GROUP BY o.created_month
