-- Every transition between stages, in the month it completed (docs/metrics.md, time to stage):
-- span 0 lead -> MQL, 1 MQL -> SQL, 2 SQL -> opportunity (each in seconds), 3 opportunity -> won
-- (in whole days, from the local day of creation to the close date). `v` is null when the
-- earlier stage has no date, negative when it is dated after the later one (both left out of
-- the medians and counted). The branches are the spans in order: baton numbers them so.
SELECT mql_month AS period, 0 AS span, mql_at - created_at AS v
FROM leads WHERE mql_at IS NOT NULL
UNION ALL
SELECT sql_month AS period, 1 AS span, sql_at - mql_at AS v
FROM leads WHERE sql_at IS NOT NULL
UNION ALL
SELECT o.created_month AS period, 2 AS span, o.created_at - l.sql_at AS v
FROM opportunities o LEFT JOIN leads l ON o.lead = l.lead
WHERE o.created_at IS NOT NULL
UNION ALL
SELECT close_month AS period, 3 AS span, cycle_days AS v
FROM opportunities WHERE is_closed AND is_won AND close_date IS NOT NULL
