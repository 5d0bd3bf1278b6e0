#!/usr/bin/env bash
# Build the one-folder bundle from build_installer.spec with PyInstaller (on Linux) and run it:
#   tthc --version; tthc period 2024Q1 --json; tthc check on a fresh database (bundled migrations);
#   tthc-desktop --self-test headless. Everything is built and run under a temporary folder.
# Usage: bash scripts/ci_bundle_smoke.sh   (needs the package's dependencies; installs PyInstaller if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
export QT_QPA_PLATFORM=offscreen PYTHONUNBUFFERED=1
PYTHON=${PYTHON:-python}

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  "$PYTHON" -m pip install -q "pyinstaller>=6.10"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tthc-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "== PyInstaller build (build_installer.spec) into $work"
if ! timeout 400 "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
      --workpath "$work/build" --distpath "$work/dist" build_installer.spec >"$work/build.log" 2>&1; then
  tail -40 "$work/build.log"
  echo "bundle smoke: the PyInstaller build failed" >&2
  exit 1
fi
app="$work/dist/TTHC Desktop"
for exe in tthc tthc-desktop; do
  [ -x "$app/$exe" ] || { echo "bundle smoke: missing $app/$exe" >&2; exit 1; }
done
for data in resources forms tthc_desktop/storage/migrations/script.py.mako tthc_desktop/storage/migrations/env.py; do
  [ -e "$app/_internal/$data" ] || { echo "bundle smoke: $data not bundled" >&2; exit 1; }
done
ls "$app/_internal/tthc_desktop/storage/migrations/versions/"0*.py >/dev/null

export TTHC_DATA_DIR="$work/data"
mkdir -p "$TTHC_DATA_DIR"
echo "== tthc --version"
version=$(timeout 30 "$app/tthc" --version)
echo "$version"
expected=$("$PYTHON" -c "import re,pathlib;print(re.search(r'__version__\s*=\s*\"([^\"]+)\"',pathlib.Path('tthc_desktop/__init__.py').read_text()).group(1))")
[[ "$version" == *"$expected"* ]] || { echo "bundle smoke: version $version, expected $expected" >&2; exit 1; }

echo "== tthc period 2024Q1 --json"
out=$(timeout 30 "$app/tthc" period 2024Q1 --json)
echo "$out"
"$PYTHON" -c "import json,sys; d=json.loads(sys.argv[1]); assert d['period']=='2024Q1' and d['label']=='Quý I năm 2024', d" "$out"

echo "== tthc check (fresh database, bundled migrations)"
timeout 60 "$app/tthc" --db "$work/data/smoke.sqlite3" check

echo "== tthc-desktop --self-test"
timeout 60 "$app/tthc-desktop" --self-test

elapsed=$((SECONDS - started))
echo "bundle smoke: passed in ${elapsed}s ($(du -sh "$app" | cut -f1))"
if [ "$elapsed" -gt 180 ]; then
  echo "bundle smoke: took ${elapsed}s, over the 3-minute budget" >&2
  exit 1
fi
