-- The leads that became MQLs in each month, by source.
SELECT mql_month AS period, channel, campaign, COUNT(*) AS mqls
FROM leads
WHERE mql_month IS NOT NULL
GROUP BY mql_month, channel, campaign
