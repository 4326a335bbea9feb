package io.streamcast.streams;

/** One parsed input event: event time (epoch ms) and value. */
public record Observation(long ts, double value) {
}
