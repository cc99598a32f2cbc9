#!/usr/bin/env bash
# The core install (no extras) in a fresh venv: a wheel built from this checkout, run from
# another folder so that nothing here shadows what was installed. It must crawl the demo,
# verify, grade, explain and write every export without the dashboard's and the learned
# model's packages, and it prints the venv's size.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export PIP_CONSTRAINT="$repo/constraints.txt" PIP_DISABLE_PIP_VERSION_CHECK=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q -c "$repo/constraints.txt" pip
"$work/venv/bin/pip" install -q -c "$repo/constraints.txt" "$repo"
cd "$work"
bin="$work/venv/bin"

for extra in streamlit pandas plotly sklearn scipy; do
    if "$bin/python" -c "import $extra" 2>/dev/null; then
        echo "core install: $extra is installed, but it belongs to an extra" >&2
        exit 1
    fi
done

"$bin/backlint" demo --db demo.db >demo.txt
"$bin/backlint" grade --db demo.db >grade.txt
"$bin/backlint" explain --db demo.db "$("$bin/python" - <<'EOF'
import sqlite3
row = sqlite3.connect("demo.db").execute(
    "SELECT domain FROM domain_grades WHERE direction = 'inbound' ORDER BY score DESC LIMIT 1").fetchone()
print(row[0])
EOF
)" >explain.txt
for what in domains items links plan; do
    "$bin/backlint" export --db demo.db --format csv --what "$what" --out "$what.csv"
done
"$bin/backlint" export --db demo.db --format disavow --out disavow.txt
"$bin/backlint" export --db demo.db --format wp-cli --out cleanup.sh
"$bin/backlint" export --db demo.db --format html --out report.html
grep -q '^# Disavow file for' disavow.txt
grep -q 'wp comment' cleanup.sh
grep -q '<html' report.html
[ "$(wc -l <plan.csv)" -gt 1 ]

size=$(du -sm "$work/venv" | cut -f1)
echo "core install: demo, grade, explain and every export ran; the venv is ${size} MB"
