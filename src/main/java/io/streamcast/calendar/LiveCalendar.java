package io.streamcast.calendar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's events and those on the calendar topic, changed while the pipeline runs: the topic's loader
 * puts and removes (one thread), the forecast threads read a snapshot (no lock, no allocation per event).
 * An event on the topic with the id of one in the spec replaces it. Where events overlap, the first by id names
 * the event, on every instance alike.
 */
public final class LiveCalendar implements Calendar {
    private final Map<String, CalendarEvent> fromSpec = new LinkedHashMap<>();
    private final Map<String, CalendarEvent> fromTopic = new LinkedHashMap<>();
    private volatile CalendarEvent[] snapshot;

    public LiveCalendar(List<CalendarEvent> specEvents) {
        specEvents.forEach(e -> fromSpec.put(e.id(), e));
        publish();
    }

    @Override
    public CalendarEvent active(String key, long ts) {
        return Calendar.first(snapshot, key, ts);
    }

    public synchronized void put(CalendarEvent e) {
        fromTopic.put(e.id(), e);
        publish();
    }

    public synchronized void remove(String id) {
        fromTopic.remove(id);
        publish();
    }

    /** The topic's events are exactly these (read back from the store that mirrors the topic). */
    public synchronized void replaceTopicEvents(List<CalendarEvent> events) {
        fromTopic.clear();
        events.forEach(e -> fromTopic.put(e.id(), e));
        publish();
    }

    /** Every event in force, by id. */
    public List<CalendarEvent> events() {
        return List.of(snapshot);
    }

    private void publish() {
        List<CalendarEvent> all = new ArrayList<>(fromTopic.values());
        fromSpec.forEach((id, e) -> {
            if (!fromTopic.containsKey(id)) {
                all.add(e);
            }
        });
        all.sort(java.util.Comparator.comparing(CalendarEvent::id));
        snapshot = all.toArray(CalendarEvent[]::new);
    }
}
