-- The deals created in each month, by the channel and campaign they are credited to: their
-- number and amount (pipeline created), and the amount of those whose channel is marketing's.
-- Amounts are integer ten-thousandths of the report currency (`amount_e4`).
SELECT created_month AS period, channel, campaign,
       COUNT(*) AS opportunities,
       SUM(amount_e4) AS pipeline_e4,
       SUM(CASE WHEN marketing THEN amount_e4 ELSE 0 END) AS marketing_pipeline_e4
FROM opportunities
WHERE created_month IS NOT NULL
GROUP BY created_month, channel, campaign
