-- The deals closed in each month (the month of their close date), by owner: won, lost, and the
-- revenue won in ten-thousandths of the report currency.
SELECT close_month AS period, owner,
       SUM(CASE WHEN is_won THEN 1 ELSE 0 END) AS won,
       SUM(CASE WHEN is_won THEN 0 ELSE 1 END) AS lost,
       SUM(CASE WHEN is_won THEN amount_e4 ELSE 0 END) AS revenue_e4
FROM opportunities
WHERE is_closed AND close_month IS NOT NULL
GROUP BY close_month, owner
