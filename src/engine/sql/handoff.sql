-- Every MQL with what the handoff needs (docs/metrics.md, speed to lead, dropped batons, sales
-- acceptance): when it became an MQL, its first sales touch at or after then (at any time: baton
-- compares it with the month's end and the dropped-baton window, in working hours when they are
-- set), its SQL date, owner, channel, status, disqualification reason, and how it is listed.
-- One row per MQL: the touches, the largest table, are reduced here.
WITH first_sales AS (
    SELECT t.lead, MIN(t.touched_at) AS first_sales_at
    FROM touches t JOIN leads l ON t.lead = l.lead
    WHERE t.team = 'sales' AND l.mql_at IS NOT NULL AND t.touched_at >= l.mql_at
    GROUP BY t.lead
)
SELECT l.mql_at, f.first_sales_at, l.sql_at, l.owner, l.channel, l.status,
       l.disqualification_reason, l.person
FROM leads l LEFT JOIN first_sales f ON f.lead = l.lead
WHERE l.mql_at IS NOT NULL
