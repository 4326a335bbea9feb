package io.streamcast.eval.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabLabelsTest {
    private static final String JSON = """
            {
                "cat/none.csv": [],
                "cat/dst.csv": [
                    ["2014-03-09 01:55:00.000000", "2014-03-09 03:00:00.000000"],
                    ["2014-03-09 03:05:00.000000", "2014-03-09 03:10:00.000000"]
                ]
            }
            """;

    /** Rows of cat/dst.csv: 03:00 repeats three times, as at a daylight-saving change. */
    private static final String[] DST = {"2014-03-09 01:50:00", "2014-03-09 01:55:00", "2014-03-09 03:00:00",
        "2014-03-09 03:00:00", "2014-03-09 03:00:00", "2014-03-09 03:05:00", "2014-03-09 03:10:00"};

    static long millis(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static long[] times(String... texts) {
        long[] out = new long[texts.length];
        for (int i = 0; i < texts.length; i++) {
            out[i] = millis(texts[i]);
        }
        return out;
    }

    @Test
    void readsTheWindowsOfEachFileInOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("combined_windows.json");
        Files.writeString(file, JSON);
        NabLabels labels = NabLabels.read(file);
        assertEquals(List.of("cat/none.csv", "cat/dst.csv"), List.copyOf(labels.windows().keySet()));
        assertEquals(List.of(), labels.windows("cat/none.csv"));
        LabelWindow first = labels.windows("cat/dst.csv").get(0);
        assertEquals(LocalDateTime.of(2014, 3, 9, 1, 55), first.start());
        assertEquals(LocalDateTime.of(2014, 3, 9, 3, 0), first.end());
        assertEquals(millis("2014-03-09 01:55:00"), first.startMillis());
    }

    @Test
    void generatesLabelsReadTooWithInstantsTakenInUtc() {
        NabLabels labels = NabLabels.parse("{\"windows\": {\"pump\": [[\"2025-01-04T11:20:00.698Z\", "
                + "\"2025-01-04T13:25:00+02:00\"]]}, \"kinds\": {\"pump\": [\"spike\"]}}", "feed-labels.json");
        LabelWindow w = labels.windows("pump").get(0);
        assertEquals(LocalDateTime.of(2025, 1, 4, 11, 20, 0, 698_000_000), w.start());
        assertEquals(LocalDateTime.of(2025, 1, 4, 11, 25), w.end());
    }

    @Test
    void aRepeatedTimestampMapsToItsFirstRow() {
        NabLabels labels = NabLabels.parse(JSON, "test");
        // The first window ends at the first 03:00 row (2); the second starts at 03:05 (row 5), after the
        // repeats, and ends on the last row.
        assertEquals(List.of(new NabWindow(1, 2), new NabWindow(5, 6)), labels.rows("cat/dst.csv", times(DST)));
        NabFile f = labels.file("cat/dst.csv", times(DST), new double[DST.length]);
        assertEquals(List.of(new NabWindow(1, 2), new NabWindow(5, 6)), f.windows());
    }

    @Test
    void aWindowTimeMissingFromTheDataIsNamedInTheError() {
        NabLabels labels = NabLabels.parse(JSON, "test");
        long[] rows = times("2014-03-09 01:55:00", "2014-03-09 03:00:00", "2014-03-09 03:05:00");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> labels.rows("cat/dst.csv", rows));
        assertTrue(e.getMessage().contains("cat/dst.csv") && e.getMessage().contains("2014-03-09 03:10"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> labels.rows("cat/other.csv", rows));
        assertTrue(e.getMessage().contains("no entry for 'cat/other.csv'"), e.getMessage());
    }

    @Test
    void windowsOutOfOrderOrBackwardAreRejected() {
        String overlapping = """
                {"c/f.csv": [["2014-03-09 01:50:00.000000", "2014-03-09 03:00:00.000000"],
                             ["2014-03-09 01:55:00.000000", "2014-03-09 03:10:00.000000"]]}""";
        NabLabels labels = NabLabels.parse(overlapping, "test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> labels.rows("c/f.csv", times(DST)));
        assertTrue(e.getMessage().contains("not after the previous window"), e.getMessage());
        // The clock steps back: the end's first occurrence comes before the start's.
        long[] back = times("2014-01-07 02:00:00", "2014-01-07 02:55:00", "2014-01-07 02:00:00");
        List<LabelWindow> w = List.of(
                new LabelWindow(LocalDateTime.of(2014, 1, 7, 1, 0), LocalDateTime.of(2014, 1, 7, 2, 0)));
        assertThrows(IllegalArgumentException.class, () -> NabLabels.rows("c/f.csv", w, back));
    }

    @Test
    void aFileThatIsNotAWindowsFileIsRejectedClearly(@TempDir Path dir) {
        assertTrue(message(() -> NabLabels.parse("{\"a.csv\": [", "w.json")).startsWith("w.json: not valid JSON"));
        assertTrue(message(() -> NabLabels.parse("[]", "w.json")).contains("not a NAB windows file"));
        assertTrue(message(() -> NabLabels.parse("{\"a.csv\": [[\"2014-01-01 00:00:00\"]]}", "w.json"))
                .contains("a.csv: a window must be"));
        assertTrue(message(() -> NabLabels.parse("{\"a.csv\": [[\"yesterday\", \"today\"]]}", "w.json"))
                .contains("'yesterday' is not a time"));
        assertTrue(message(() -> NabLabels.parse("{\"a.csv\": [], \"a.csv\": []}", "w.json"))
                .contains("not valid JSON"));
        assertTrue(message(() -> NabLabels.parse("{\"a.csv\": [[\"2014-01-02 00:00:00\", \"2014-01-01 00:00:00\"]]}",
                "w.json")).contains("ends before it starts"));
        assertThrows(IllegalArgumentException.class, () -> NabLabels.read(dir.resolve("missing.json")));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
