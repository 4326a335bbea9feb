package io.streamcast.calendar;

import java.util.List;

/** The known events a pipeline honours: which one, if any, covers an event of a key. */
@FunctionalInterface
public interface Calendar {
    Calendar NONE = (key, ts) -> null;

    /** The first event covering the key at ts, or null. */
    CalendarEvent active(String key, long ts);

    /** A fixed calendar (a spec's, or a backtest's). */
    static Calendar of(List<CalendarEvent> events) {
        if (events.isEmpty()) {
            return NONE;
        }
        CalendarEvent[] all = events.toArray(CalendarEvent[]::new);
        return (key, ts) -> first(all, key, ts);
    }

    static CalendarEvent first(CalendarEvent[] events, String key, long ts) {
        for (CalendarEvent e : events) {
            if (e.covers(key, ts)) {
                return e;
            }
        }
        return null;
    }
}
