-- The months with touches.
SELECT DISTINCT touched_month AS period FROM touches WHERE touched_month IS NOT NULL
