#!/usr/bin/env bash
# Renders a backtest's report.html in headless Chromium (Debian: apt-get install chromium) and saves a
# screenshot, to check with your own eyes that the page and its charts render offline.
#   src/site/report-screenshot.sh target/nab/report.html target/nab/report.png
set -euo pipefail
report=${1:?usage: $0 <report.html> [out.png]}
out=${2:-${report%.html}.png}
if [[ ! -f "$report" ]]; then
  echo "$report: no such file (run ./streamcast backtest ... --out <dir> first)" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
  echo "no Chromium found: install it (Debian: sudo apt-get install chromium)" >&2
  exit 2
fi
# --no-sandbox: root in containers; the page is our own file and fetches nothing.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2400 \
  --screenshot="$out" "file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")" 2>/dev/null
echo "wrote $out"
