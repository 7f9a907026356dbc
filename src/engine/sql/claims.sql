-- The conversions the ad platforms claim in each month, by channel and campaign (in hundredths),
-- beside the leads the CRM created in that month with that channel and campaign
-- (docs/metrics.md, platform claims). Only spend rows that carry conversions count; a campaign
-- is text as the report shows it, the same text for the same campaign in every table.
WITH claimed AS (
    SELECT date_month AS period, channel, campaign, SUM(conversions_e2) AS claimed_e2
    FROM spend WHERE conversions_e2 IS NOT NULL
    GROUP BY date_month, channel, campaign
),
crm AS (
    SELECT created_month AS period, channel, campaign, COUNT(*) AS leads
    FROM leads WHERE created_month IS NOT NULL
    GROUP BY created_month, channel, campaign
)
SELECT c.period, c.channel, c.campaign, c.claimed_e2, r.leads
FROM claimed c LEFT JOIN crm r
  ON r.period = c.period AND COALESCE(r.channel, '') = COALESCE(c.channel, '')
 AND COALESCE(r.campaign, '') = COALESCE(c.campaign, '')
