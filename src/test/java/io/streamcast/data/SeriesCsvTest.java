package io.streamcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCsvTest {
    @Test
    void quotedKeysCrlfAndBlankLinesAreRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("plant.csv");
        Files.writeString(f, "key,ts,value\r\n\"line 1, pump \"\"A\"\"\",1000,2.5\r\n\r\nboiler,2000,-1e3\r\n");
        List<SeriesCsv.Row> rows = SeriesCsv.read(f);
        assertEquals(2, rows.size());
        assertEquals("line 1, pump \"A\"", rows.get(0).key());
        assertEquals(1000, rows.get(0).ts());
        assertEquals(2.5, rows.get(0).value());
        assertEquals(new SeriesCsv.Row("boiler", 2000, -1000.0, "2000"), rows.get(1));
    }

    @Test
    void aOneSeriesFileTakesItsNameAsKeyAndIsoTimes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("temp.csv");
        Files.writeString(f, "timestamp,value\n2014-04-10 00:02:00,12.5\n");
        List<SeriesCsv.Row> rows = SeriesCsv.read(f);
        assertEquals("temp", rows.get(0).key());
        assertEquals(1_397_088_120_000L, rows.get(0).ts());
    }

    @Test
    void aBadRowIsNamedByFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "key,ts,value\na,1,2\nb,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(f));
        assertTrue(e.getMessage().contains("bad.csv:3") && e.getMessage().contains("expected 3 fields"), e.getMessage());
        Files.writeString(f, "key,ts,value\na,1,two\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(f));
        assertTrue(e.getMessage().contains("bad.csv:2") && e.getMessage().contains("column 'value' must be a number, got 'two'"),
                e.getMessage());
        Files.writeString(f, "timestamp,value\n2024-01-01 00:00:00,\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(f));
        assertTrue(e.getMessage().contains("bad.csv:2: column 'value' must be a number, got an empty field"),
                e.getMessage());
        Files.writeString(f, "timestamp,value\nyesterday,3\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(f));
        assertTrue(e.getMessage().contains("bad.csv:2: column 'timestamp': "), e.getMessage());
    }

    @Test
    void columnsAreFoundByTheirNamesInAnyOrder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("swapped.csv");
        Files.writeString(f, "value,timestamp\n2.5,1000\n3.5,2000\n");
        assertEquals(List.of(new SeriesCsv.Row("swapped", 1000, 2.5, "1000"), new SeriesCsv.Row("swapped", 2000, 3.5, "2000")),
                SeriesCsv.read(f));
        Files.writeString(f, "Value,TS,Series\n2.5,1000,pump\n");
        assertEquals(List.of(new SeriesCsv.Row("pump", 1000, 2.5, "1000")), SeriesCsv.read(f));
        Files.writeString(f, "time,sensor,value\n1000,pump,2.5\n");
        assertEquals(List.of(new SeriesCsv.Row("pump", 1000, 2.5, "1000")), SeriesCsv.read(f));
        Files.writeString(f, "\uFEFFvalue,timestamp\n2.5,1000\n");
        assertEquals(List.of(new SeriesCsv.Row("swapped", 1000, 2.5, "1000")), SeriesCsv.read(f)); // a byte-order mark
        Files.writeString(f, "timestamp,value,is_anomaly\n1000,2.5,0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(f));
        assertTrue(e.getMessage().contains("column 'is_anomaly' is neither a series key"), e.getMessage());
        Files.writeString(f, "timestamp,value\n20250101000000000000,2.5\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(f));
        assertTrue(e.getMessage().contains("swapped.csv:2: column 'timestamp': '20250101000000000000' has too many"),
                e.getMessage());
        Files.writeString(f, "when,reading\n1000,2.5\n");
        assertEquals(List.of(new SeriesCsv.Row("swapped", 1000, 2.5, "1000")), SeriesCsv.read(f)); // by position
    }

    @Test
    void aFileWithoutAHeaderIsRefusedRatherThanLosingItsFirstRow(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bare.csv");
        Files.writeString(f, "2024-01-01 00:00:00,5\n2024-01-01 00:05:00,6\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(f));
        assertTrue(e.getMessage().contains("first line is data") && e.getMessage().contains("'timestamp,value'"),
                e.getMessage());
        Path m4 = dir.resolve("m4.csv");
        Files.writeString(m4, "\"V1\",\"V2\",\"V3\",\"V4\"\n\"H1\",1,2,3\n");
        e = assertThrows(IllegalArgumentException.class, () -> SeriesCsv.read(m4));
        assertTrue(e.getMessage().contains("--format m4"), e.getMessage());
    }
}
