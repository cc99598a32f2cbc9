#!/usr/bin/env bash
# The fast test subset in two fresh venvs, built side by side:
#   floor  Python 3.11, every direct dependency at its declared floor (constraints-floor.txt);
#   py313  Python 3.13, the tested versions (constraints.txt), ResourceWarnings as errors
#          (3.13's sqlite3 warns about every connection collected unclosed).
# Prints each venv's install and test times; exits non-zero if an install or a test fails.
# Runs as root on a fresh machine of this image; uses only the package registries.
#
# The venvs: $FLOOR_VENV (default /tmp/floor-venv) and $PY313_VENV (default /tmp/py313-venv),
# made anew on each run. The interpreters: $PY311 (default python3.11) and $PY313 (default
# the image's /root/.pyenv/versions/3.13.0/bin/python3.13).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export PIP_DISABLE_PIP_VERSION_CHECK=1

py311=${PY311:-python3.11}
py313=${PY313:-/root/.pyenv/versions/3.13.0/bin/python3.13}
floor_venv=${FLOOR_VENV:-/tmp/floor-venv}
py313_venv=${PY313_VENV:-/tmp/py313-venv}

# The fast subset: no real WordPress, no browser, and not the slowest tests, which take
# most of the suite's time (measured with --durations): the generated large audit behind
# the dashboard's [large] cases, the 50 MB and 100k-row imports, and four crawls that wait
# out delays, retries and a subprocess demo.
slow="not [large] and not large_plan and not tld_counts_fold and not 50_mb and not 100k"
slow+=" and not include_and_exclude and not console_command and not resume_goes_on and not stop_request"
subset=(-m "not wordpress and not browser" -k "$slow")

for py in "$py311" "$py313"; do
    command -v "$py" >/dev/null || { echo "compat: no $py on this machine" >&2; exit 1; }
done
"$py311" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
    || { echo "compat: $py311 is not Python 3.11" >&2; exit 1; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
start=$(date +%s)

# Installs one venv: pip first, then what `.[test]` needs, then the checkout itself. The
# editable build writes backlint.egg-info into the checkout, so the two venvs take turns
# for that step (flock); their dependencies install side by side.
build() {
    local name=$1 venv=$2 py=$3 constraints=$4
    local t0=$SECONDS
    # PIP_CONSTRAINT reaches the build backend's own environment too, and replaces the
    # machine's pip.conf constraint (which only caps torch).
    export PIP_CONSTRAINT=$constraints
    rm -rf "$venv"
    "$py" -m venv "$venv"
    "$venv/bin/pip" install -q -c "$constraints" pip
    "$venv/bin/python" - "$repo" >"$logs/$name-requirements.txt" <<'EOF'
import pathlib, sys, tomllib
repo = pathlib.Path(sys.argv[1])
extras = tomllib.loads((repo / "pyproject.toml").read_text())["project"]["optional-dependencies"]
lines = [line.split("#")[0].strip() for line in (repo / "requirements.txt").read_text().splitlines()]
lines += [r for extra in ("dashboard", "learn", "test") for r in extras[extra] if not r.startswith("backlint")]
print("\n".join(line for line in lines if line))
EOF
    "$venv/bin/pip" install -q -c "$constraints" -r "$logs/$name-requirements.txt"
    flock "$logs/editable.lock" "$venv/bin/pip" install -q -c "$constraints" -e "$repo[test]"
    echo $((SECONDS - t0)) >"$logs/$name.install"
}

# Runs the subset in one venv (further pytest options after the venv).
run_subset() {
    local name=$1 venv=$2; shift 2
    local t0=$SECONDS status=0
    "$venv/bin/python" -m pytest -q -p no:cacheprovider "${subset[@]}" "$@" || status=$?
    echo $((SECONDS - t0)) >"$logs/$name.tests"
    return $status
}

# Waits for one venv's run and says how it went.
report() {
    local name=$1 venv=$2 pid=$3 result=ok
    wait "$pid" || { result=FAILED; failed=1; }
    echo "-- $name, Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())'):" \
         "install $(cat "$logs/$name.install") s, tests $(cat "$logs/$name.tests") s: $result"
    [ $result = ok ] || grep -E '^(FAILED|ERROR) ' "$logs/$name-tests.log" | head -40 || true
    tail -1 "$logs/$name-tests.log"
}

echo "== building $floor_venv (Python 3.11, constraints-floor.txt) and $py313_venv (Python 3.13, constraints.txt)"
build floor "$floor_venv" "$py311" "$repo/constraints-floor.txt" >"$logs/floor-build.log" 2>&1 & floor=$!
build py313 "$py313_venv" "$py313" "$repo/constraints.txt" >"$logs/py313-build.log" 2>&1 & py313=$!
failed=0
wait $floor || { echo "compat: the floor venv did not install:"; tail -30 "$logs/floor-build.log"; failed=1; }
wait $py313 || { echo "compat: the Python 3.13 venv did not install:"; tail -30 "$logs/py313-build.log"; failed=1; }
[ $failed = 0 ] || exit 1
echo "== installed ($(( $(date +%s) - start )) s); the fast subset in both"

run_subset floor "$floor_venv" >"$logs/floor-tests.log" 2>&1 & floor=$!
run_subset py313 "$py313_venv" -W error::ResourceWarning >"$logs/py313-tests.log" 2>&1 & py313=$!
report floor "$floor_venv" $floor
report py313 "$py313_venv" $py313
echo "== compat done ($(( $(date +%s) - start )) s)"
exit $failed
