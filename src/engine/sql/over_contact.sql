-- People touched more than {limit} times in some 7 days (604,800 seconds) ending in a month
-- (docs/metrics.md, over-contact), with their most touches in such a window. The windows end at
-- each touch (the touches after the one a week before it, ties included), and at the first
-- instant of each month: baton fills in {months}, a row per month with touches, its next month
-- and that month's first instant (months start at local midnight, which SQL cannot know).
WITH windows AS (
    SELECT touched_month AS period, lead,
           COUNT(*) OVER (PARTITION BY lead ORDER BY touched_at
                          RANGE BETWEEN 604799 PRECEDING AND CURRENT ROW) AS n
    FROM touches
),
month_starts AS (
    SELECT m.next_month AS period, t.lead, COUNT(*) AS n
    FROM touches t JOIN (VALUES {months}) AS m(month, next_month, next_start)
      ON t.touched_month = m.month
    WHERE t.touched_at > m.next_start - 604800
    GROUP BY m.next_month, t.lead
),
over AS (
    SELECT period, lead, n FROM windows WHERE n > {limit}
    UNION ALL
    SELECT period, lead, n FROM month_starts WHERE n > {limit}
)
SELECT o.period, o.lead, l.person, MAX(o.n) AS n
FROM over o JOIN leads l ON l.lead = o.lead
GROUP BY o.period, o.lead, l.person
