-- People touched by both marketing and sales on the same local day, by the month of that day
-- (docs/metrics.md, over-contact).
SELECT touched_month AS period, COUNT(DISTINCT lead) AS both_teams
FROM (
    SELECT lead, touched_day, touched_month FROM touches
    GROUP BY lead, touched_day, touched_month
    HAVING SUM(CASE WHEN team = 'marketing' THEN 1 ELSE 0 END) > 0
       AND SUM(CASE WHEN team = 'sales' THEN 1 ELSE 0 END) > 0
) d
GROUP BY touched_month
