-- The leads that became SQLs in each month, by source.
SELECT sql_month AS period, channel, campaign, COUNT(*) AS sqls
FROM leads
WHERE sql_month IS NOT NULL
GROUP BY sql_month, channel, campaign
