package io.streamcast.streams.forecast;

/**
 * Test seams of the forecast processor. Production uses {@link #NONE}; the exactly-once test injects a
 * crash after a chosen record's state and outputs were written, before the commit.
 */
@FunctionalInterface
public interface ProcessorHooks {
    ProcessorHooks NONE = (key, ts) -> { };

    void afterEvent(String key, long ts);
}
