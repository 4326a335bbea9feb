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
        assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
    }
}
