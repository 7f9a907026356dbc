-- How many leads and spend rows carry each campaign with each channel: a campaign's channel is
-- the one most of its rows carry (docs/metrics.md, attribution; baton adds the two tables' votes
-- and breaks ties by name).
SELECT campaign, channel, COUNT(*) AS n
FROM leads WHERE campaign IS NOT NULL
GROUP BY campaign, channel
UNION ALL
SELECT campaign, channel, COUNT(*) AS n
FROM spend WHERE campaign IS NOT NULL
GROUP BY campaign, channel
