#!/usr/bin/env bash
# Container health check with no curl or wget in the image: GET http://127.0.0.1:PORT/PATH over bash's
# /dev/tcp and succeed only on a 200.
#   healthcheck.sh [PATH [PORT]]    PATH defaults to /health, PORT to $STREAMCAST_HTTP_PORT or 9464
path="${1:-/health}"
port="${2:-${STREAMCAST_HTTP_PORT:-9464}}"
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
