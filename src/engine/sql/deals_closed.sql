-- The deals closed in each month (the month of their close date), by channel and campaign: won
-- and lost, revenue, marketing's revenue, and the won deals' sales cycles in days as counts of
-- each length (the median is interpolated by baton, not by the engine).
SELECT close_month AS period, channel, campaign,
       CASE WHEN is_won THEN cycle_days END AS cycle_days,
       SUM(CASE WHEN is_won THEN 1 ELSE 0 END) AS won,
       SUM(CASE WHEN is_won THEN 0 ELSE 1 END) AS lost,
       SUM(CASE WHEN is_won THEN amount_e4 ELSE 0 END) AS revenue_e4,
       SUM(CASE WHEN is_won AND marketing THEN amount_e4 ELSE 0 END) AS marketing_revenue_e4
FROM opportunities
WHERE is_closed AND close_month IS NOT NULL
GROUP BY close_month, channel, campaign, CASE WHEN is_won THEN cycle_days END
