package io.streamcast.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A calendar event as written in a spec's {@code calendar:} list and as the value of a calendar topic record:
 * <pre>{"id": "backup", "prefix": "line-1/", "start": "2026-01-10T02:00:00Z", "end": "2026-01-10T03:00:00Z",
 *  "repeat": "daily", "until": "2026-06-01T00:00:00Z", "reason": "nightly backup"}</pre>
 * {@code key} scopes it to one key, {@code prefix} to the keys with it, neither to every key; times are
 * ISO-8601 instants or epoch milliseconds; {@code repeat} is none (the default), daily or weekly.
 */
public final class CalendarJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("id", "key", "prefix", "start", "end", "repeat", "until",
            "reason");

    private CalendarJson() {
    }

    /**
     * The event a record of the calendar topic holds, as pipelines take it: its value parses and its key is the
     * event's id. Every reader of the topic (the pipelines, the console, `calendar list`) applies this one rule.
     *
     * @throws RuntimeException saying why the record is no event
     */
    public static CalendarEvent record(String key, byte[] value) {
        CalendarEvent event = parse(value);
        if (!event.id().equals(key)) {
            throw new IllegalArgumentException("the record's key '" + key + "' is not the event's id '"
                    + event.id() + "'");
        }
        return event;
    }

    public static CalendarEvent parse(byte[] json) {
        try {
            return parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("a calendar event is not JSON: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the field at fault */
    public static CalendarEvent parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a calendar event must be an object like {\"id\": \"backup\", "
                    + "\"prefix\": \"line-1/\", \"start\": \"2026-01-10T02:00:00Z\", \"end\": \"2026-01-10T03:00:00Z\"}");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("calendar event: unknown field '" + f + "'; known: "
                        + String.join(", ", FIELDS));
            }
        }
        String id = n.path("id").asText("");
        if (n.hasNonNull("key") && n.hasNonNull("prefix")) {
            throw new IllegalArgumentException("calendar event '" + id + "': give key or prefix, not both");
        }
        CalendarEvent.Scope scope = n.hasNonNull("key") ? CalendarEvent.Scope.KEY
                : n.hasNonNull("prefix") ? CalendarEvent.Scope.PREFIX : CalendarEvent.Scope.ALL;
        String target = n.hasNonNull("key") ? n.get("key").asText() : n.path("prefix").asText("");
        CalendarEvent.Repeat repeat;
        try {
            repeat = CalendarEvent.Repeat.valueOf(n.path("repeat").asText("none").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("calendar event '" + id + "': repeat must be none, daily or weekly, "
                    + "got '" + n.path("repeat").asText() + "'");
        }
        return new CalendarEvent(id, scope, target, time(n, "start", id), time(n, "end", id), repeat,
                n.hasNonNull("until") ? time(n, "until", id) : Long.MAX_VALUE, n.path("reason").asText(""));
    }

    private static long time(JsonNode n, String field, String id) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("calendar event '" + id + "': missing '" + field + "'");
        }
        if (v.isIntegralNumber() ? v.canConvertToLong() : v.asText().matches("-?\\d{1,18}")) {
            return v.asLong();
        }
        try {
            return Instant.parse(v.asText()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) { // not an instant, or beyond epoch milliseconds
            throw new IllegalArgumentException("calendar event '" + id + "': " + field + " must be an ISO-8601 "
                    + "instant like 2026-01-10T02:00:00Z or epoch milliseconds, got '" + v.asText() + "'");
        }
    }

    public static ObjectNode toJson(CalendarEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        if (e.scope() == CalendarEvent.Scope.KEY) {
            n.put("key", e.target());
        } else if (e.scope() == CalendarEvent.Scope.PREFIX) {
            n.put("prefix", e.target());
        }
        n.put("start", Instant.ofEpochMilli(e.start()).toString());
        n.put("end", Instant.ofEpochMilli(e.end()).toString());
        n.put("repeat", e.repeat().label());
        if (e.until() != Long.MAX_VALUE) {
            n.put("until", Instant.ofEpochMilli(e.until()).toString());
        }
        n.put("reason", e.reason());
        return n;
    }

    public static byte[] write(CalendarEvent e) {
        try {
            return JSON.writeValueAsBytes(toJson(e));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
