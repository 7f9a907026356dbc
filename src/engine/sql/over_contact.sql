-- People touched more than {limit} times in some 7 days (604,800 seconds) ending in a month
-- (docs/metrics.md, over-contact), with their most touches in such a window: first the windows
-- that end at each touch (the touches after the one a week before it, ties included), then those
-- that end at the first instant of a month: baton fills in {months}, a row per month with
-- touches, its next month and that month's first instant (months start at local midnight, which
-- SQL cannot know). baton keeps each person's most in each month.
SELECT w.period, w.lead, l.person, MAX(w.n) AS n
FROM (
    SELECT touched_month AS period, lead,
           COUNT(*) OVER (PARTITION BY lead ORDER BY touched_at
                          RANGE BETWEEN 604799 PRECEDING AND CURRENT ROW) AS n
    FROM touches
) w JOIN leads l ON l.lead = w.lead
WHERE w.n > {limit}
GROUP BY w.period, w.lead, l.person
UNION ALL
SELECT m.next_month AS period, t.lead, l.person, COUNT(*) AS n
FROM touches t JOIN (VALUES {months}) AS m(month, next_month, next_start)
  ON t.touched_month = m.month
JOIN leads l ON l.lead = t.lead
WHERE t.touched_at > m.next_start - 604800
GROUP BY m.next_month, t.lead, l.person
HAVING COUNT(*) > {limit}
