#!/usr/bin/env bash
# Regenerates src/test/resources/deploy/exported-metrics.txt: every sample name the application really
# exports on /metrics, with its label names, scraped from `streamcast run --app both` on its embedded
# broker after the sample sensor feed has gone through both applications. DeployFilesTest checks the
# dashboard's PromQL against this list (for Kafka Streams' and the JVM's meters, which need a running
# KafkaStreams) and against a registry it builds itself the way the run command does (Streamcast's meters).
#
#   deploy/scrape-metrics.sh        # from anywhere; builds the jar if it is missing; a minute or two
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/streamcast-0.1.0-SNAPSHOT-all.jar"
out="$root/src/test/resources/deploy/exported-metrics.txt"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
work=$(mktemp -d)
log="$work/run.log"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# Ports 0: the embedded broker and the HTTP server pick free ports and print them.
(cd "$work" && exec java -jar "$jar" run --spec "$root/topologies/sensors.yaml" --app both \
    --embedded-port 0 --metrics-port 0 --state-dir "$work/state") >"$log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 180); do
  url=$(grep -oE 'http://[0-9.]+:[0-9]+/metrics' "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
[ -n "$url" ] || { echo "the application did not start; its log:" >&2; cat "$log" >&2; exit 1; }
bootstrap=$(grep -oE 'embedded Kafka broker at [0-9.]+:[0-9]+' "$log" | head -1 | awk '{print $NF}')
java -jar "$jar" produce --bootstrap-servers "$bootstrap" --topic sensors.observations \
    --file "$root/sample-streams/sensors.csv" >/dev/null 2>&1
# Let both applications work through the feed (the training side publishes every 128 windows or 30 s).
sleep "${SCRAPE_WAIT_SECONDS:-40}"
mkdir -p "$(dirname "$out")"
# The HTTP timer (streamcast_http_requests_seconds) gets a series on an endpoint's first request: ask each
# once (a 404 too), then scrape twice, so the scrape's own request is in the file as well.
base="${url%/metrics}"
for path in /health /ready "/series?prefix=" /series/boiler-temp /series/no-such-key; do
  curl -s -o /dev/null "$base$path" || true
done
curl -fsS -o /dev/null "$url"
curl -fsS "$url" >"$work/metrics.txt"
events=$(grep -E '^streamcast_events_total' "$work/metrics.txt" | awk '{print $NF}')
{
  echo "# Samples on /metrics of 'streamcast run --app both --spec topologies/sensors.yaml' after the sample"
  echo "# sensor feed (streamcast_events_total $events); regenerate with deploy/scrape-metrics.sh."
  echo "# One sample name a line, then the names of its labels (union over its series), sorted."
  awk '!/^#/ && NF {
         name = $0; sub(/[{ ].*/, "", name)
         labels = ""
         if (index($0, "{") == length(name) + 1) {
           body = substr($0, length(name) + 2); sub(/\}[^}]*$/, "", body)
           gsub(/="([^"\\]|\\.)*"/, "", body)
           labels = body
         }
         n = split(labels, ks, ",")
         for (i = 1; i <= n; i++) if (ks[i] != "") seen[name SUBSEP ks[i]] = 1
         names[name] = 1
       }
       END {
         for (name in names) {
           line = ""
           for (key in seen) { split(key, p, SUBSEP); if (p[1] == name) line = line (line == "" ? "" : ",") p[2] }
           print name, line
         }
       }' "$work/metrics.txt" | while read -r name labels; do
    if [ -n "${labels:-}" ]; then
      printf '%s %s\n' "$name" "$(printf '%s' "$labels" | tr ',' '\n' | sort | paste -sd, -)"
    else
      printf '%s\n' "$name"
    fi
  done | sort
} >"$out"
echo "wrote $(grep -vc '^#' "$out") sample names to ${out#"$root"/} (after $events events)"
