package io.streamcast.feeds;

import java.util.List;

/** A generated feed: events in time order (interleaved across keys) and the anomalies injected into it. */
public record LabelledFeed(List<Event> events, List<Anomaly> anomalies) {
    public record Event(String key, long ts, double value) {
    }

    /** An injected anomaly on one key, from start to end inclusive (epoch ms). */
    public record Anomaly(String key, String kind, long start, long end) {
        public boolean covers(String k, long ts, long slack) {
            return key.equals(k) && ts >= start && ts <= end + slack;
        }
    }
}
