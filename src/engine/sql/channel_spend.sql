-- The spend of each month and channel, in ten-thousandths of the report currency.
SELECT date_month AS period, channel, SUM(cost_e4) AS spend_e4
FROM spend
GROUP BY date_month, channel
