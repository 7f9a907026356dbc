#!/usr/bin/env bash
# Same output: does a change (a refactor, a speed-up) leave every output byte of baton as it was?
# Runs one baton binary over every input set the repository and the shared folder hold, captures
# everything it writes, and compares two such captures byte for byte.
#
# Usage:
#   benches/same_output.sh capture BIN OUTDIR [--bench DIR ...]
#   benches/same_output.sh diff OUTDIR_A OUTDIR_B        # exit 0 identical, 1 not, 2 inputs differ
#   SETS=REGEX benches/same_output.sh capture ...       # only the sets whose id matches (Python re)
#   TIMEOUT=SECONDS (default 1800) caps each baton command; a timeout is recorded as rc 124.
#
# Recipe: compare the binaries of two commits, OLD and NEW.
#   git worktree add /tmp/old OLD && (cd /tmp/old && cargo build --release)
#   git worktree add /tmp/new NEW && (cd /tmp/new && cargo build --release)  # or your own checkout
#   S=/tmp/new/benches/same_output.sh        # ONE copy of this script for both captures
#   $S capture /tmp/old/target/release/baton /tmp/same-old [--bench DIR ...]
#   $S capture /tmp/new/target/release/baton /tmp/same-new [--bench DIR ...]
#   $S diff /tmp/same-old /tmp/same-new
# The inputs are read from the checkout this script sits in (not from the binary's commit), so
# both captures must run the same script copy over the same inputs, with no edits to that
# checkout's sample-data, tests/ or examples/ in between; likewise the same BATON_SHARED and the
# same --bench folders. Each capture records a digest of every set's inputs (meta/inputs.tsv) and
# `diff` refuses to call two captures identical when those differ. Do not rebuild BIN during its
# capture (the capture checks BIN's sha256 at the end and fails if it changed). Generated
# datasets: make them once, e.g. `cargo run --release --example bigdata -- --leads 100000
# --out /tmp/b/100000 [--vendor]`, and pass the same folders to both captures.
#
# The input sets (one per line in OUTDIR/meta/sets.tsv: id, input folder, config or '-'):
#   sample-data; every folder, recursively, under tests/fixtures and tests/corpora;
#   when BATON_SHARED is set: every folder, recursively, under $BATON_SHARED/corpora, and each
#   dataset folder of $BATON_SHARED/realdata twice: with the config of the example it belongs to
#   (examples/X/baton.toml for a dataset named X or X-*, e.g. olist-marketing-funnel ->
#   examples/olist) and without a config (unrecognised files, suggestions);
#   each --bench DIR (generated datasets).
# For each set, one at a time:
#   BIN build --input IN --out TMP/out --month all --today 2026-11-23 [--config CFG]
#   BIN check --input IN [--config CFG]
# and OUTDIR/sets/<id>/ gets:
#   build.stdout build.stderr build.rc check.stdout check.stderr check.rc
#   out.kind    "link -> .out.reports/set-*" | "dir" | "other" | "absent" (the link's target has
#               a timestamp and a process id in its name, so those are masked)
#   out.modes   type, mode and path of every entry of the resolved report folder
#   out/        the resolved content of OUT (OUT is a link to a set folder: its content is copied)
# OUTDIR/meta/ (not compared as output): the set list, the inputs' digests, the binary's sha256,
# seconds per set.
#
# What is fixed so that two runs of one binary agree byte for byte:
#   - the pseudonym key: baton otherwise makes 32 random bytes per report folder
#     (.OUT.baton/key) and every `P-` id in metrics.json and the pages changes with it; a fixed
#     key file is put there before the build, as baton would find it on a second run;
#   - "today": --today for build, and SOURCE_DATE_EPOCH (2026-11-23 12:00 UTC, the same date in
#     every zone from UTC-11 to UTC+11) for both commands (check has no --today);
#   - the environment: env -i with TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1, umask 022, stdin /dev/null.
# Masked: only the temporary folder's path (-> <TMP>), in every captured file and link.
#
# Needs bash, coreutils and python3 (git only to note the checkout's commit in meta/run.txt).
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
TODAY=2026-11-23
EPOCH=1795435200 # 2026-11-23T12:00:00Z
KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
TIMEOUT=${TIMEOUT:-1800}

usage() {
  head -n 10 "${BASH_SOURCE[0]}" | tail -n +6 | cut -c3- >&2 # the Usage lines above
  exit 2
}
die() {
  echo "same_output.sh: $*" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# capture: the helpers

# list_sets SHARED BENCH... : prints the set list (id TAB input TAB config-or-'-'). Ids are flat
# (/ -> __) so that no set's folder lies inside another's. Folders are walked in byte order of
# their path, so the list does not depend on the file system's order.
list_sets() {
  python3 - "$REPO" "$@" <<'PY'
import os, sys
repo, shared, *benches = sys.argv[1:]

def folders_below(root):
    found = []
    for parent, dirs, _ in os.walk(root):
        found += [os.path.join(parent, d) for d in dirs]
    return sorted(found)

def need(path):
    if not os.path.isdir(path):
        sys.exit(f"same_output.sh: missing input folder {path}")
    return path

rows = [("sample-data", need(f"{repo}/sample-data"), "-")]
roots = [("fixtures", need(f"{repo}/tests/fixtures")), ("corpora", need(f"{repo}/tests/corpora"))]
if shared:
    roots.append(("shared-corpora", need(f"{shared}/corpora")))
for prefix, root in roots:
    for d in folders_below(root):
        rows.append((prefix + "__" + os.path.relpath(d, root).replace("/", "__"), d, "-"))

if shared:
    # Each dataset with the example config whose name it starts with (the longest such name).
    examples = sorted(e for e in os.listdir(f"{repo}/examples")
                      if os.path.isfile(f"{repo}/examples/{e}/baton.toml"))
    datasets = sorted(d for d in os.listdir(need(f"{shared}/realdata"))
                      if os.path.isdir(f"{shared}/realdata/{d}"))
    for d in datasets:
        names = [e for e in examples if d == e or d.startswith(e + "-")]
        if names:
            config = f"{repo}/examples/{max(names, key=len)}/baton.toml"
            rows.append((f"realdata__{d}", f"{shared}/realdata/{d}", config))
    for d in datasets:
        rows.append((f"realdata-noconfig__{d}", f"{shared}/realdata/{d}", "-"))

for b in benches:
    rows.append((f"bench__{os.path.basename(b)}", need(b), "-"))

ids = [r[0] for r in rows]
if len(set(ids)) != len(ids):
    sys.exit("same_output.sh: two sets share an id (two --bench folders with one name?)")
for r in rows:
    print("\t".join(r))
PY
}

# input_digests SETS_TSV : prints, per set, id TAB sha256 of its inputs (every file below the
# input folder, by relative path and content, and the config's content) TAB files TAB bytes.
# Paths are left out on purpose: the same data in another folder has the same digest.
input_digests() {
  python3 - "$1" <<'PY'
import hashlib, os, sys
cache = {}
def file_sha(path):
    if path not in cache:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        cache[path] = (h.hexdigest(), os.path.getsize(path))
    return cache[path]

for line in open(sys.argv[1], encoding="utf-8"):
    sid, inp, config = line.rstrip("\n").split("\t")
    files = []
    for parent, dirs, names in os.walk(inp):
        files += [os.path.join(parent, n) for n in names]
    h, total = hashlib.sha256(), 0
    for path in sorted(files):
        digest, size = file_sha(path)
        h.update(f"{os.path.relpath(path, inp)}\0{digest}\n".encode("utf-8", "surrogateescape"))
        total += size
    if config != "-":
        h.update(f"config\0{file_sha(config)[0]}\n".encode())
    print(f"{sid}\t{h.hexdigest()}\t{len(files)}\t{total}")
PY
}

# run_baton STDOUT STDERR RC ARGS... : one baton command in the fixed environment.
run_baton() {
  local so=$1 se=$2 rcf=$3
  shift 3
  env -i PATH=/usr/bin:/bin HOME="${HOME:-/}" TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1 \
    SOURCE_DATE_EPOCH=$EPOCH timeout "$TIMEOUT" "$BIN" "$@" </dev/null >"$so" 2>"$se"
  echo $? >"$rcf"
}

# record_out TMP DEST : writes DEST/out.kind and DEST/out.modes for TMP/out, then masks TMP's
# path in every file and link target under DEST (the report content was copied there already).
record_out() {
  python3 - "$1" "$2" <<'PY'
import os, re, stat, sys
tmp, dest = sys.argv[1:]
out = os.path.join(tmp, "out")

if os.path.islink(out):
    kind = "link -> " + re.sub(r"set-[0-9]+-[0-9]+", "set-*", os.readlink(out))
elif os.path.isdir(out):
    kind = "dir"
elif os.path.lexists(out):
    kind = "other"
else:
    kind = "absent"
with open(os.path.join(dest, "out.kind"), "w") as f:
    print(kind, file=f)

if os.path.isdir(out):  # type (f d l or ?), octal mode, path: as `find . -printf '%y %m %p'`
    real = os.path.realpath(out)
    lines = []
    for parent, dirs, names in os.walk(real):
        for n in dirs + names:
            st = os.lstat(os.path.join(parent, n))
            t = "d" if stat.S_ISDIR(st.st_mode) else "l" if stat.S_ISLNK(st.st_mode) \
                else "f" if stat.S_ISREG(st.st_mode) else "?"
            rel = "./" + os.path.relpath(os.path.join(parent, n), real)
            lines.append(f"{t} {stat.S_IMODE(st.st_mode):o} {rel}")
    lines.append(f"d {stat.S_IMODE(os.stat(real).st_mode):o} .")
    with open(os.path.join(dest, "out.modes"), "w", encoding="utf-8", errors="surrogateescape") as f:
        f.writelines(l + "\n" for l in sorted(lines, key=lambda l: l.encode("utf-8", "surrogateescape")))

# Mask the temporary folder's path: it differs on every run.
needle, mask = os.fsencode(tmp), b"<TMP>"
for parent, dirs, names in os.walk(dest):
    for n in dirs + names:
        p = os.path.join(parent, n)
        if os.path.islink(p):
            target = os.fsencode(os.readlink(p))
            if needle in target:
                os.unlink(p)
                os.symlink(target.replace(needle, mask), p)
        elif os.path.isfile(p):
            with open(p, "rb") as f:
                data = f.read()
            if needle in data:
                mode = stat.S_IMODE(os.stat(p).st_mode)
                os.chmod(p, mode | stat.S_IWUSR)
                with open(p, "wb") as f:
                    f.write(data.replace(needle, mask))
                os.chmod(p, mode)
PY
}

# seconds T0 T1 : the difference of two `date +%s%N` readings, as seconds with 3 decimals.
seconds() {
  local ns=$(($2 - $1))
  printf '%d.%03d' $((ns / 1000000000)) $((ns / 1000000 % 1000))
}

# ---------------------------------------------------------------------------------------------
# capture

capture() {
  [ $# -ge 2 ] || usage
  BIN=$(readlink -f "$1") OUTDIR=$2
  shift 2
  local benches=() d
  while [ $# -gt 0 ]; do
    case $1 in
    --bench)
      [ $# -ge 2 ] || usage
      d=$(readlink -f "$2") && [ -d "$d" ] || die "not a folder: $2"
      benches+=("$d")
      shift 2
      ;;
    *) usage ;;
    esac
  done
  [ -x "$BIN" ] && [ -f "$BIN" ] || die "not an executable: $BIN"
  [ -e "$OUTDIR" ] && die "$OUTDIR exists; give a new folder"
  local shared=
  if [ -n "${BATON_SHARED:-}" ]; then
    shared=$(readlink -f "$BATON_SHARED") && [ -d "$shared" ] || die "BATON_SHARED is not a folder"
  fi

  umask 022
  mkdir -p "$OUTDIR/sets" "$OUTDIR/meta" || exit 2
  OUTDIR=$(readlink -f "$OUTDIR")
  local meta=$OUTDIR/meta
  local t_all
  t_all=$(date +%s%N)

  # The set list (SETS narrows it), then what every set's inputs hold.
  list_sets "$shared" "${benches[@]}" >"$meta/sets.tsv" || exit 2
  if [ -n "${SETS:-}" ]; then
    python3 -c 'import re, sys
for line in open(sys.argv[1]):
    if re.search(sys.argv[2], line.split("\t")[0]): print(line, end="")' \
      "$meta/sets.tsv" "$SETS" >"$meta/sets.tmp" && mv "$meta/sets.tmp" "$meta/sets.tsv"
  fi
  input_digests "$meta/sets.tsv" >"$meta/inputs.tsv" || exit 2
  # BIN is run once per command; a rebuild during the capture (cargo replacing
  # target/release/baton) would mix two binaries, so its digest is checked again at the end.
  local bin_sha
  bin_sha=$(sha256sum "$BIN")
  {
    echo "bin: $BIN"
    echo "$bin_sha"
    echo "script: ${BASH_SOURCE[0]}"
    if command -v git >/dev/null && git -C "$REPO" rev-parse HEAD >/dev/null 2>&1; then
      local dirty=
      [ -n "$(git -C "$REPO" status --porcelain -- sample-data tests examples)" ] &&
        dirty=" (with uncommitted changes)"
      echo "inputs from: $REPO at $(git -C "$REPO" rev-parse HEAD)$dirty"
    else
      echo "inputs from: $REPO"
    fi
    echo "BATON_SHARED: ${shared:--}"
    echo "bench: ${benches[*]:--}"
    echo "started: $(date -u +%FT%TZ)"
  } >"$meta/run.txt"

  local total i=0 id input config dest tmp t0 t1 t2 cfg
  total=$(wc -l <"$meta/sets.tsv")
  while IFS=$'\t' read -r id input config; do
    i=$((i + 1))
    dest=$OUTDIR/sets/$id
    mkdir -p "$dest"
    cfg=()
    [ "$config" != - ] && cfg=(--config "$config")
    # A fresh folder for OUT, with the fixed pseudonym key where baton keeps its state.
    tmp=$(mktemp -d /tmp/same-output.XXXXXXXX)
    chmod 755 "$tmp"
    mkdir -m 700 "$tmp/.out.baton"
    (umask 077 && printf '%s\n' "$KEY" >"$tmp/.out.baton/key")

    t0=$(date +%s%N)
    run_baton "$dest/build.stdout" "$dest/build.stderr" "$dest/build.rc" \
      build --input "$input" --out "$tmp/out" --month all --today "$TODAY" "${cfg[@]}"
    t1=$(date +%s%N)
    run_baton "$dest/check.stdout" "$dest/check.stderr" "$dest/check.rc" \
      check --input "$input" "${cfg[@]}"
    t2=$(date +%s%N)

    # OUT is normally a link to the set folder baton wrote: copy what it points to.
    if [ -d "$tmp/out" ]; then
      mkdir "$dest/out"
      cp -a "$(readlink -f "$tmp/out")/." "$dest/out/"
    fi
    record_out "$tmp" "$dest"
    rm -rf "$tmp"

    printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$(seconds "$t0" "$t1")" "$(seconds "$t1" "$t2")" \
      "$(cat "$dest/build.rc")" "$(cat "$dest/check.rc")" >>"$meta/times.tsv"
    printf '[%d/%d] %-60s build rc=%s check rc=%s\n' "$i" "$total" "$id" \
      "$(cat "$dest/build.rc")" "$(cat "$dest/check.rc")"
  done <"$meta/sets.tsv"

  local took
  took=$(seconds "$t_all" "$(date +%s%N)")
  echo "finished: $(date -u +%FT%TZ), $took s" >>"$meta/run.txt"
  echo "$total sets in $took s -> $OUTDIR"
  if [ "$(sha256sum "$BIN")" != "$bin_sha" ]; then
    echo "BIN CHANGED during the capture: not usable" | tee -a "$meta/run.txt" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------
# diff: compares OUTDIR_A/sets and OUTDIR_B/sets file by file (type, bytes, link targets), and
# their meta/inputs.tsv (both captures must have run over the same inputs).
# Prints per set that differs the files that differ and the start of a few unified diffs, then
# a summary. Exit 0: identical; 1: outputs differ; 2: not comparable (the inputs differ, a
# binary changed during its capture) or not captures.

diff_captures() {
  [ $# -eq 2 ] || usage
  python3 - "$1" "$2" <<'PY'
import difflib, filecmp, os, sys
a, b = (os.path.realpath(p) for p in sys.argv[1:])
for d in (a, b):
    if not os.path.isdir(os.path.join(d, "sets")):
        print(f"{d}: no sets/ folder (not written by same_output.sh capture?)", file=sys.stderr)
        sys.exit(2)

def read_inputs(d):
    try:
        with open(os.path.join(d, "meta", "inputs.tsv"), encoding="utf-8") as f:
            return dict(line.split("\t", 1) for line in f.read().splitlines())
    except FileNotFoundError:
        return None

def entries(root):  # relative path -> ("f", path) | ("l", target) | ("d", None)
    found = {}
    for parent, dirs, names in os.walk(root):
        for n in dirs + names:
            p = os.path.join(parent, n)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                found[rel] = ("l", os.readlink(p))
            elif os.path.isdir(p):
                found[rel] = ("d", None)
            else:
                found[rel] = ("f", p)
    return found

def show_diff(pa, pb, rel):  # the first lines of a unified diff, for text files that are not huge
    if max(os.path.getsize(pa), os.path.getsize(pb)) > 4 << 20:
        return
    try:
        la = open(pa, encoding="utf-8").read().splitlines()
        lb = open(pb, encoding="utf-8").read().splitlines()
    except UnicodeDecodeError:
        print("      (binary)")
        return
    lines = list(difflib.unified_diff(la, lb, "A/" + rel, "B/" + rel, lineterm="", n=1))
    for line in lines[:24]:
        print("      " + line[:200])
    if len(lines) > 24:
        print(f"      ... {len(lines) - 24} more lines")

# The inputs first: outputs over different inputs say nothing about the binaries.
ina, inb = read_inputs(a), read_inputs(b)
inputs_differ = ina is None or inb is None or ina != inb
for name, d in (("A", a), ("B", b)):  # a capture whose binary was rebuilt while it ran
    try:
        if "BIN CHANGED" in open(f"{d}/meta/run.txt").read():
            print(f"CAPTURE NOT USABLE: {name} (its binary changed while it ran)")
            inputs_differ = True
    except OSError:
        pass
if inputs_differ:
    if ina is None or inb is None:
        print("INPUTS UNKNOWN: meta/inputs.tsv is missing")
    else:
        for sid in sorted(set(ina) | set(inb)):
            if ina.get(sid) != inb.get(sid):
                print(f"INPUTS DIFFER: {sid}")

ids_a, ids_b = set(os.listdir(f"{a}/sets")), set(os.listdir(f"{b}/sets"))
same = different = 0
diffs_shown = 0
for sid in sorted(ids_a | ids_b):
    if sid not in ids_b:
        print(f"only in A: {sid}")
        continue
    if sid not in ids_a:
        print(f"only in B: {sid}")
        continue
    ea, eb = entries(f"{a}/sets/{sid}"), entries(f"{b}/sets/{sid}")
    problems = []
    for rel in sorted(set(ea) | set(eb)):
        if rel not in eb:
            problems.append((f"only in A: {rel}", None))
        elif rel not in ea:
            problems.append((f"only in B: {rel}", None))
        elif ea[rel][0] != eb[rel][0]:
            problems.append((f"differs (type): {rel}", None))
        elif ea[rel][0] == "l" and ea[rel][1] != eb[rel][1]:
            problems.append((f"differs (link target): {rel}", None))
        elif ea[rel][0] == "f" and not filecmp.cmp(ea[rel][1], eb[rel][1], shallow=False):
            problems.append((f"differs: {rel}", (ea[rel][1], eb[rel][1], rel)))
    if not problems:
        same += 1
        continue
    different += 1
    print(f"DIFFERENT: {sid} ({len(problems)} file(s))")
    for text, files in problems[:20]:
        print("    " + text)
        if files and diffs_shown < 5:
            diffs_shown += 1
            show_diff(*files)
    if len(problems) > 20:
        print(f"    ... and {len(problems) - 20} more")

print()
for name, d in (("A", a), ("B", b)):
    try:
        head = open(f"{d}/meta/run.txt").readline().strip()
    except OSError:
        head = "no meta/run.txt"
    print(f"{name}: {d} ({head})")
only_a, only_b = len(ids_a - ids_b), len(ids_b - ids_a)
total = len(ids_a | ids_b)
print(f"sets: {total}  identical: {same}  different: {different}  only in A: {only_a}  only in B: {only_b}")
if inputs_differ:
    print("RESULT: NOT COMPARABLE (different inputs, or a binary changed during its capture)")
    sys.exit(2)
if same == total:
    print("RESULT: IDENTICAL")
    sys.exit(0)
print("RESULT: DIFFERENT")
sys.exit(1)
PY
}

case ${1:-} in
capture) shift && capture "$@" ;;
diff) shift && diff_captures "$@" ;;
*) usage ;;
esac
