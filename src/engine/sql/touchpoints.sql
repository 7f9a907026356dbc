-- Every deal with what attribution needs (docs/metrics.md): its amount, the month it was created
-- and the month it was won, the instant it is dated by, its lead's creation and source (or its
-- own channel without a lead), and one row per marketing touch of its lead within {lookback}
-- seconds before that instant (one row with no touch when there is none), in deal order: the
-- engine reduces the touches to those of deals' leads in their windows; baton weighs and splits.
SELECT o.deal, o.amount_e4, o.created_month,
       CASE WHEN o.is_won AND o.close_date IS NOT NULL THEN o.close_month END AS won_month,
       o.dated_at, o.lead, o.channel AS deal_channel, o.campaign AS deal_campaign,
       l.created_at AS lead_created_at, l.channel AS lead_channel, l.campaign AS lead_campaign,
       t.touched_at, t.campaign AS touch_campaign
FROM opportunities o
LEFT JOIN leads l ON l.lead = o.lead
LEFT JOIN touches t ON t.lead = o.lead AND t.team = 'marketing'
     AND t.touched_at >= o.dated_at - {lookback} AND t.touched_at <= o.dated_at
ORDER BY o.deal
