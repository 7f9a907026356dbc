-- The cohort matrix's counts (docs/metrics.md, cohorts): for the leads created in each month, the
-- month each first reached each stage (r0 MQL, r1 SQL, r2 opportunity, r3 won; a later stage
-- counts as the earlier ones, so r0 <= r1 <= r2 <= r3), counted by those four months together;
-- baton adds each row to every stage it reached. A month is text YYYY-MM, so the earlier of two
-- is the one that compares lower; `CASE WHEN b IS NULL OR a <= b THEN a ELSE b END` is the
-- earlier of a and b, either of which may be null.
SELECT period, r0, r1, r2, r3, COUNT(*) AS leads
FROM (
    SELECT period, r1, r2, r3,
           CASE WHEN r1 IS NULL OR mql_month <= r1 THEN mql_month ELSE r1 END AS r0
    FROM (
        SELECT period, mql_month, r2, r3,
               CASE WHEN r2 IS NULL OR sql_month <= r2 THEN sql_month ELSE r2 END AS r1
        FROM (
            SELECT created_month AS period, mql_month, sql_month, first_won_month AS r3,
                   CASE WHEN first_won_month IS NULL OR first_opportunity_month <= first_won_month
                        THEN first_opportunity_month ELSE first_won_month END AS r2
            FROM leads WHERE created_month IS NOT NULL
        ) c
    ) b
) a
GROUP BY period, r0, r1, r2, r3
