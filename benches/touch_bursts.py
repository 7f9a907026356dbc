"""A small canonical dataset whose touches test the touch figures at their edges, for
benches/duckdb_check.py: the benchmark's people have at most five touches each, so nobody is ever
over the over-contact limit there, and few answers fall on a boundary.

From a generated dataset (canonical files), keeps the first 6,000 leads with their
opportunities and all the spend, and writes new touches (seeded, shuffled):
- bursts of 5 to 20 touches within 10 days, both teams, some at the same second, some across a
  month's end;
- nine touches exactly 7 days from first to last (not over the limit of 8) and nine within 7
  days less a second (over it);
- sales answers exactly at the MQL, a second before it, exactly at the 24-hour SLA, exactly at
  the 14-day window's end and a second after it, and at the last second of the MQL's month and
  the first of the next;
- touches naming their lead by id, by email only (upper case, padded with spaces), by both, by
  an unknown id with the lead's email (found by email), and by neither (unmatched).
Usage: touch_bursts.py GENERATED_DIR OUT_DIR"""
import csv
import datetime
import os
import random
import sys

UTC = datetime.timezone.utc


def seconds(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def stamp(secs):
    return datetime.datetime.fromtimestamp(secs, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_month_start(secs):
    d = datetime.datetime.fromtimestamp(secs, UTC)
    return int(datetime.datetime(d.year + (d.month == 12), d.month % 12 + 1, 1,
                                 tzinfo=UTC).timestamp())


def copy_rows(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(7)
    leads = list(csv.DictReader(open(f"{src}/leads.csv")))[:6000]
    ids = {lead["lead_id"] for lead in leads}
    copy_rows(f"{out}/leads.csv", leads)
    copy_rows(f"{out}/opportunities.csv", [o for o in csv.DictReader(
        open(f"{src}/opportunities.csv")) if o["lead_id"] in ids])
    copy_rows(f"{out}/spend.csv", list(csv.DictReader(open(f"{src}/spend.csv"))))
    rows = []

    def touch(at, lead, team, key):
        lead_id, email = lead["lead_id"], lead["email"]
        rows.append((stamp(at),) + {
            "id": (lead_id, ""),
            "email": ("", f"  {email.upper()} "),
            "both": (lead_id, email),
            "unknown id": (f"NOPE{lead_id}", email),
            "neither": (f"NOPE{lead_id}", "nobody@nowhere.com"),
        }[key] + (team,))

    keys = ["id", "email", "both", "unknown id", "neither", "id", "both"]
    teams = ["marketing", "sales"]
    week = 7 * 86_400
    for lead in leads:
        created = seconds(lead["created_at"])
        r = rng.random()
        if r < 0.2:
            start = created + rng.randrange(5 * 86_400)
            for _ in range(rng.randrange(5, 21)):
                at = start + rng.randrange(10 * 86_400)
                for _ in range(2 if rng.random() < 0.1 else 1):
                    touch(at, lead, rng.choice(teams), rng.choice(keys))
        elif r < 0.3:
            for k in range(9):
                touch(created + k * week // 8, lead, "marketing", "id")
        elif r < 0.4:
            for k in range(9):
                touch(created + k * (week - 1) // 8, lead, rng.choice(teams), "id")
        else:
            for _ in range(rng.randrange(4)):
                touch(created + rng.randrange(20 * 86_400), lead, rng.choice(teams),
                      rng.choice(keys))
        if lead["mql_at"]:
            mql = seconds(lead["mql_at"])
            r = rng.random()
            if r < 0.1:
                touch(mql, lead, "sales", "id")
            elif r < 0.2:
                touch(mql + 24 * 3600, lead, "sales", "email")
            elif r < 0.3:
                touch(mql + 14 * 86_400, lead, "sales", "both")
            elif r < 0.35:
                touch(mql + 14 * 86_400 + 1, lead, "sales", "id")
            elif r < 0.4:
                touch(mql - 1, lead, "sales", "id")
            elif r < 0.45:
                touch(next_month_start(mql) - 1, lead, "sales", "id")
                touch(next_month_start(mql), lead, "sales", "id")
    rng.shuffle(rows)
    with open(f"{out}/touches.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["at", "lead_id", "email", "team", "kind", "campaign"])
        for row in rows:
            w.writerow(list(row) + ["email", "Brand"])
    print(f"{len(leads)} leads, {len(rows)} touches in {out}")


if __name__ == "__main__":
    main()
