-- The spend of each month, by channel and campaign, in ten-thousandths of the report currency.
SELECT date_month AS period, channel, campaign, SUM(cost_e4) AS spend_e4
FROM spend
GROUP BY date_month, channel, campaign
