-- The cohort matrix's counts (docs/metrics.md, cohorts): for the leads created in each month,
-- how many first reached each stage (0 MQL, 1 SQL, 2 opportunity, 3 won; a later stage counts
-- as the earlier ones) in each month. The month a lead reached a stage is the earliest month of
-- that stage and the later ones: months are text YYYY-MM, so MIN of text is the earliest.
WITH dates AS (
    SELECT created_month, lead, 0 AS stage, mql_month AS reached FROM leads
    WHERE created_month IS NOT NULL AND mql_month IS NOT NULL
    UNION ALL
    SELECT created_month, lead, 1 AS stage, sql_month AS reached FROM leads
    WHERE created_month IS NOT NULL AND sql_month IS NOT NULL
    UNION ALL
    SELECT created_month, lead, 2 AS stage, first_opportunity_month AS reached FROM leads
    WHERE created_month IS NOT NULL AND first_opportunity_month IS NOT NULL
    UNION ALL
    SELECT created_month, lead, 3 AS stage, first_won_month AS reached FROM leads
    WHERE created_month IS NOT NULL AND first_won_month IS NOT NULL
),
stages AS (
    SELECT 0 AS stage UNION ALL SELECT 1 AS stage UNION ALL SELECT 2 AS stage
    UNION ALL SELECT 3 AS stage
),
firsts AS (
    SELECT d.created_month, d.lead, s.stage, MIN(d.reached) AS reached
    FROM dates d JOIN stages s ON d.stage >= s.stage
    GROUP BY d.created_month, d.lead, s.stage
)
SELECT created_month AS period, stage, reached, COUNT(*) AS leads
FROM firsts GROUP BY created_month, stage, reached
