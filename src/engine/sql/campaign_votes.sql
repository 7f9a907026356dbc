-- How many leads and spend rows carry each campaign with each channel: a campaign's channel is
-- the one most of its rows carry (docs/metrics.md, attribution; baton breaks ties by name).
SELECT campaign, channel, COUNT(*) AS n
FROM (
    SELECT campaign, channel FROM leads
    UNION ALL
    SELECT campaign, channel FROM spend
) x
WHERE campaign IS NOT NULL
GROUP BY campaign, channel
