#!/usr/bin/env python3
"""Writes a copy of a benchmark dataset with its lead ids in another form, to time the lead-id
lookups that the generator's ids (`L00000001`..., dense numbers) do not take.

Usage: python3 benches/rewrite_ids.py sparse|shapeless SRC DST
  sparse     L + 9 digits, the numbers 797 apart: a shape, but too sparse to find by number
  shapeless  L + 10 digits, 7919 apart: more digits than a shape holds, so hashed as text
Then: ./target/release/baton build --input DST --month all --out /tmp/out (docs/performance.md,
"What to expect"; the figures round by round in benches/history/performance-rounds.md).
"""
import os
import re
import sys

FORMS = {
    "sparse": lambda n: b"L%09d" % (n * 797),
    "shapeless": lambda n: b"L%010d" % (n * 7919),
}


def main():
    form, src, dst = sys.argv[1:4]
    new = FORMS[form]
    pattern = re.compile(rb"L(\d{8})")
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(src, name), "rb") as f, open(os.path.join(dst, name), "wb") as g:
            for line in f:
                g.write(pattern.sub(lambda m: new(int(m.group(1))), line))


if __name__ == "__main__":
    main()
