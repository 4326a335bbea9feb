package io.streamcast.eval.nab;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** A label window as written in {@code combined_windows.json}: local wall-clock times, both ends inclusive. */
record LabelWindow(LocalDateTime start, LocalDateTime end) {
    public LabelWindow {
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("a label window needs start <= end, got " + start + ".." + end);
        }
    }

    /** The start as the backtest reads NAB rows: local time taken as UTC, in epoch milliseconds. */
    public long startMillis() {
        return start.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    public long endMillis() {
        return end.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
