-- The deals created in each month, by owner (a null owner is "(no owner)" in the report).
SELECT created_month AS period, owner, COUNT(*) AS opportunities
FROM opportunities
WHERE created_month IS NOT NULL
GROUP BY created_month, owner
