package io.streamcast.calendar;

import java.time.Duration;
import java.util.Locale;

/**
 * A known event (a maintenance window, a deploy, a holiday, a promotion) during which the engine does not alert,
 * does not learn and does not update its anomaly statistics: it still forecasts, and an alert it would have
 * opened is recorded as suppressed. One-off, or repeated daily or weekly from its first occurrence: fixed
 * periods of 24 and 168 hours of UTC time (a local time shifts by an hour across daylight saving).
 *
 * @param id     names the event; on the calendar topic, its record key (a tombstone removes it)
 * @param scope  every key, the keys with a prefix, or one key
 * @param target the prefix or the key ("" for every key)
 * @param start  first occurrence's start, epoch ms (inclusive)
 * @param end    first occurrence's end, epoch ms (exclusive)
 * @param repeat none, daily or weekly
 * @param until  no occurrence starts at or after this (epoch ms), or {@link Long#MAX_VALUE}
 * @param reason what it is, for people
 */
public record CalendarEvent(String id, Scope scope, String target, long start, long end, Repeat repeat, long until,
                            String reason) {
    public enum Scope { ALL, PREFIX, KEY }

    public enum Repeat {
        NONE(0), DAILY(Duration.ofDays(1).toMillis()), WEEKLY(Duration.ofDays(7).toMillis());

        final long periodMs;

        Repeat(long periodMs) {
            this.periodMs = periodMs;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CalendarEvent {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a calendar event needs an id");
        }
        if (scope == null || repeat == null) {
            throw new IllegalArgumentException("calendar event '" + id + "': scope and repeat are required");
        }
        target = target == null ? "" : target;
        if (scope != Scope.ALL && target.isEmpty()) {
            throw new IllegalArgumentException("calendar event '" + id + "': a " + scope.name().toLowerCase(Locale.ROOT)
                    + " scope needs its " + (scope == Scope.KEY ? "key" : "prefix"));
        }
        if (end <= start) {
            throw new IllegalArgumentException("calendar event '" + id + "': end must be after start");
        }
        if (until <= start) {
            throw new IllegalArgumentException("calendar event '" + id + "': until must be after start");
        }
        if (repeat != Repeat.NONE && end - start >= repeat.periodMs) {
            throw new IllegalArgumentException("calendar event '" + id + "': a " + repeat.label() + " event must "
                    + "last less than its period");
        }
        reason = reason == null ? "" : reason;
    }

    /** Whether the event applies to the key. */
    public boolean appliesTo(String key) {
        return switch (scope) {
            case ALL -> true;
            case PREFIX -> key.startsWith(target);
            case KEY -> key.equals(target);
        };
    }

    /** Whether an event of the key at {@code ts} falls inside an occurrence. */
    public boolean covers(String key, long ts) {
        if (ts < start || !appliesTo(key)) {
            return false;
        }
        if (repeat == Repeat.NONE) {
            return ts < end;
        }
        long offset = Math.floorMod(ts - start, repeat.periodMs);
        return offset < end - start && ts - offset < until;
    }
}
