-- The leads created in each month, by source, and how many of them had reached each stage by
-- the month's end (docs/metrics.md, cohort): a later stage counts as having reached the earlier
-- ones. A month is text YYYY-MM, so months compare as text; a null month (no such date) never
-- compares true.
SELECT created_month AS period, channel, campaign,
       COUNT(*) AS leads,
       SUM(CASE WHEN mql_month <= created_month OR sql_month <= created_month
                  OR first_opportunity_month <= created_month
                  OR first_won_month <= created_month
                THEN 1 ELSE 0 END) AS reached_mql,
       SUM(CASE WHEN sql_month <= created_month
                  OR first_opportunity_month <= created_month
                  OR first_won_month <= created_month
                THEN 1 ELSE 0 END) AS reached_sql,
       SUM(CASE WHEN first_opportunity_month <= created_month
                  OR first_won_month <= created_month
                THEN 1 ELSE 0 END) AS reached_opportunity,
       SUM(CASE WHEN first_won_month <= created_month THEN 1 ELSE 0 END) AS reached_won
FROM leads
WHERE created_month IS NOT NULL
GROUP BY created_month, channel, campaign
