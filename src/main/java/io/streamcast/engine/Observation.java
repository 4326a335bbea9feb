package io.streamcast.engine;

/** One parsed input event: event time (epoch ms) and value. */
public record Observation(long ts, double value) {
}
