#!/bin/sh
# The container's entrypoint: replaces itself (exec) with `java $JAVA_OPTS -jar streamcast.jar "$@"`, so
# the JVM is PID 1, SIGTERM reaches it and Kafka Streams closes cleanly. The HTTP addresses are plain
# arguments of `run` (--http-host 0.0.0.0, --advertised-host NAME): compose and k8s/ pass them, Kubernetes
# expanding $(POD_NAME) in args, so nothing here rewrites the spec.
#
#   JAVA_OPTS                        JVM options (the image sets heap as a share of the container's memory)
#   STREAMCAST_JAR, STREAMCAST_JAVA  the jar and the java command (tests point these elsewhere)
set -eu

# JAVA_OPTS is split on spaces on purpose (several options in one variable).
# shellcheck disable=SC2086
exec ${STREAMCAST_JAVA:-java} ${JAVA_OPTS:-} -jar "${STREAMCAST_JAR:-/opt/streamcast/streamcast.jar}" "$@"
