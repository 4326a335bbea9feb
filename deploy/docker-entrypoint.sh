#!/bin/sh
# The container's entrypoint: runs `java $JAVA_OPTS -jar /opt/streamcast/streamcast.jar "$@"` as PID 1's
# replacement (exec), so SIGTERM reaches the JVM and Kafka Streams closes cleanly.
#
# A pod cannot write its own name into a mounted file, so when STREAMCAST_HTTP_HOST or
# STREAMCAST_ADVERTISED_HOST is set and the arguments name a spec (--spec FILE or --spec=FILE), this first
# writes a copy of the spec with processing.httpHost / processing.advertisedHost set to them (replacing any
# value the spec had for those two keys; every other line is kept as it is) and runs with the copy. Every
# other file of the spec's folder is linked beside the copy, so a relative model.weights still resolves.
#
#   STREAMCAST_HTTP_HOST        address the HTTP port binds to (the image sets 0.0.0.0)
#   STREAMCAST_ADVERTISED_HOST  how other instances reach this one (Kafka Streams' application.server host)
#   STREAMCAST_RENDER_DIR       where the copy goes (default ${TMPDIR:-/tmp}/streamcast-spec)
#   JAVA_OPTS                   JVM options (the image sets heap as a share of the container's memory)
#   STREAMCAST_JAR, STREAMCAST_JAVA  the jar and the java command (tests point these elsewhere)
set -eu

jar="${STREAMCAST_JAR:-/opt/streamcast/streamcast.jar}"
java_cmd="${STREAMCAST_JAVA:-java}"
render_dir="${STREAMCAST_RENDER_DIR:-${TMPDIR:-/tmp}/streamcast-spec}"
http_host="${STREAMCAST_HTTP_HOST:-}"
advertised_host="${STREAMCAST_ADVERTISED_HOST:-}"

# Copies spec $1 to $2 with the processing section's httpHost/advertisedHost set. Plain awk (mawk, POSIX):
# the JRE image has no YAML tool. The inserted keys take the indentation of the section's first key.
render() {
  awk -v http="$http_host" -v adv="$advertised_host" '
    function emit(indent) {
      if (http != "") print indent "httpHost: \"" http "\""
      if (adv != "") print indent "advertisedHost: \"" adv "\""
      done = 1
    }
    bad { next }
    /^[^ \t#]/ {
      if (inproc && !done) emit("  ")
      if ($0 ~ /^processing:[ \t]*[^ \t#]/) {
        print "streamcast entrypoint: write the spec'"'"'s processing section as a block (processing:, then one key per line) so its hosts can be set" > "/dev/stderr"
        bad = 1; next
      }
      inproc = ($0 ~ /^processing:[ \t]*(#.*)?$/)
      if (inproc) seen = 1
      print; next
    }
    inproc && /^[ \t]+[^ \t#]/ {
      if (!done) { match($0, /^[ \t]+/); emit(substr($0, 1, RLENGTH)) }
      if (http != "" && $0 ~ /^[ \t]+httpHost[ \t]*:/) next
      if (adv != "" && $0 ~ /^[ \t]+advertisedHost[ \t]*:/) next
      print; next
    }
    { print }
    END {
      if (bad) exit 2
      if (inproc && !done) emit("  ")
      if (!seen) { print "processing:"; emit("  ") }
    }' "$1" > "$2"
}

# Prints the path of the rendered copy of spec $1 (or $1 itself when it is not a file: the application
# then says what is wrong with it).
render_spec() {
  src=$1
  if [ ! -f "$src" ]; then
    printf '%s\n' "$src"
    return 0
  fi
  dir=$(cd "$(dirname "$src")" && pwd)
  base=$(basename "$src")
  mkdir -p "$render_dir"
  for f in "$dir"/*; do
    [ -e "$f" ] || continue
    [ "$(basename "$f")" = "$base" ] && continue
    ln -sfn "$f" "$render_dir/"
  done
  rm -f "$render_dir/$base"
  render "$src" "$render_dir/$base"
  echo "streamcast entrypoint: $src -> $render_dir/$base (processing.httpHost=${http_host:-unchanged}," \
    "processing.advertisedHost=${advertised_host:-unchanged})" >&2
  printf '%s\n' "$render_dir/$base"
}

if [ -n "$http_host$advertised_host" ]; then
  first=1
  next_is_spec=0
  for arg do
    if [ "$first" = 1 ]; then
      set --
      first=0
    fi
    if [ "$next_is_spec" = 1 ]; then
      arg=$(render_spec "$arg")
      next_is_spec=0
    elif [ "$arg" = "--spec" ]; then
      next_is_spec=1
    else
      case "$arg" in
        --spec=*) arg="--spec=$(render_spec "${arg#--spec=}")" ;;
      esac
    fi
    set -- "$@" "$arg"
  done
fi

# JAVA_OPTS is split on spaces on purpose (several options in one variable).
# shellcheck disable=SC2086
exec $java_cmd ${JAVA_OPTS:-} -jar "$jar" "$@"
