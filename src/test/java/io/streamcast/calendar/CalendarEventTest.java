package io.streamcast.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which events of which keys a known event covers, and how one is written. */
class CalendarEventTest {
    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static CalendarEvent parse(String json) {
        return CalendarJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aOneOffEventCoversItsSpanForItsKeysOnly() {
        CalendarEvent e = parse("{\"id\":\"deploy\",\"prefix\":\"line-1/\",\"start\":\"2026-01-10T02:00:00Z\","
                + "\"end\":\"2026-01-10T03:00:00Z\",\"reason\":\"deploy 42\"}");
        assertEquals(CalendarEvent.Scope.PREFIX, e.scope());
        assertTrue(e.covers("line-1/pump", t("2026-01-10T02:00:00Z")), "start is inside");
        assertTrue(e.covers("line-1/pump", t("2026-01-10T02:59:59Z")));
        assertFalse(e.covers("line-1/pump", t("2026-01-10T03:00:00Z")), "end is outside");
        assertFalse(e.covers("line-1/pump", t("2026-01-10T01:59:59Z")));
        assertFalse(e.covers("line-2/pump", t("2026-01-10T02:30:00Z")), "another prefix");
        assertFalse(e.covers("line-1/pump", t("2026-01-11T02:30:00Z")), "not repeated");
    }

    @Test
    void aRepeatedEventCoversEachOccurrenceUntilItsEnd() {
        CalendarEvent daily = parse("{\"id\":\"backup\",\"key\":\"db\",\"start\":\"2026-01-10T02:00:00Z\","
                + "\"end\":\"2026-01-10T03:00:00Z\",\"repeat\":\"daily\",\"until\":\"2026-01-13T00:00:00Z\"}");
        assertTrue(daily.covers("db", t("2026-01-11T02:30:00Z")));
        assertTrue(daily.covers("db", t("2026-01-12T02:00:00Z")));
        assertFalse(daily.covers("db", t("2026-01-12T03:00:00Z")));
        assertFalse(daily.covers("db", t("2026-01-13T02:30:00Z")), "past until");
        assertFalse(daily.covers("db", t("2026-01-09T02:30:00Z")), "before the first");
        assertFalse(daily.covers("db2", t("2026-01-11T02:30:00Z")), "a key scope is exact");
        CalendarEvent weekly = parse("{\"id\":\"sunday\",\"start\":1767484800000,\"end\":1767571200000,"
                + "\"repeat\":\"weekly\"}"); // 2026-01-04 (a Sunday), all day, every key
        assertEquals(CalendarEvent.Scope.ALL, weekly.scope());
        assertTrue(weekly.covers("anything", t("2026-01-11T12:00:00Z")));
        assertTrue(weekly.covers("anything", t("2027-01-03T12:00:00Z")), "a year on, still Sundays");
        assertFalse(weekly.covers("anything", t("2026-01-12T12:00:00Z")));
    }

    @Test
    void aTopicRecordIsAnEventOnlyUnderItsOwnId() {
        byte[] value = "{\"id\":\"backup\",\"key\":\"db\",\"start\":0,\"end\":10}".getBytes(StandardCharsets.UTF_8);
        assertEquals("backup", CalendarJson.record("backup", value).id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CalendarJson.record("other", value));
        assertTrue(e.getMessage().contains("key 'other' is not the event's id 'backup'"), e.getMessage());
    }

    @Test
    void aCalendarNamesTheFirstEventInForce() {
        CalendarEvent a = parse("{\"id\":\"a\",\"key\":\"k\",\"start\":0,\"end\":10}");
        CalendarEvent b = parse("{\"id\":\"b\",\"start\":5,\"end\":20}");
        Calendar c = Calendar.of(List.of(a, b));
        assertEquals("a", c.active("k", 7).id());
        assertEquals("b", c.active("other", 7).id());
        assertNull(c.active("k", 20));
        LiveCalendar live = new LiveCalendar(List.of(a));
        live.put(parse("{\"id\":\"a\",\"key\":\"k\",\"start\":100,\"end\":110}"));
        assertNull(live.active("k", 7), "the topic's event replaces the spec's of the same id");
        assertEquals("a", live.active("k", 105).id());
        live.remove("a");
        assertEquals("a", live.active("k", 7).id(), "removed from the topic, the spec's stands again");
    }

    @Test
    void writtenAndReadBackTheSame() {
        CalendarEvent e = parse("{\"id\":\"backup\",\"prefix\":\"p/\",\"start\":\"2026-01-10T02:00:00Z\","
                + "\"end\":\"2026-01-10T03:00:00Z\",\"repeat\":\"weekly\",\"until\":\"2026-06-01T00:00:00Z\","
                + "\"reason\":\"r\"}");
        assertEquals(e, CalendarJson.parse(CalendarJson.write(e)));
    }

    @Test
    void mistakesSayWhatIsWrong() {
        String base = "\"id\":\"x\",\"start\":\"2026-01-10T02:00:00Z\",\"end\":\"2026-01-10T03:00:00Z\"";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{" + base + ",\"key\":\"a\","
                + "\"prefix\":\"b\"}")).getMessage().contains("key or prefix, not both"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{" + base + ",\"repeat\":\"hourly\"}"))
                .getMessage().contains("none, daily or weekly"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{" + base + ",\"when\":1}"))
                .getMessage().contains("unknown field 'when'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":\"x\",\"start\":\"tomorrow\","
                + "\"end\":1}")).getMessage().contains("ISO-8601"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":\"x\",\"start\":5,\"end\":5}"))
                .getMessage().contains("end must be after start"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":\"x\",\"start\":0,"
                + "\"end\":90000000,\"repeat\":\"daily\"}")).getMessage().contains("less than its period"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"start\":0,\"end\":1}"))
                .getMessage().contains("needs an id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":\"x\",\"start\":0,"
                + "\"end\":\"+300000000-01-01T00:00:00Z\"}")).getMessage().contains("ISO-8601"), "beyond epoch ms");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":\"x\",\"start\":0,"
                + "\"end\":99999999999999999999}")).getMessage().contains("ISO-8601"), "beyond a long");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":\"x\",\"start\":10,"
                + "\"end\":20,\"until\":5}")).getMessage().contains("until must be after start"));
    }
}
