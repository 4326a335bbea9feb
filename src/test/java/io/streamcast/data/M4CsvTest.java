package io.streamcast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class M4CsvTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("in.csv"), content);
    }

    @Test
    void readsQuotedRowsWithEitherKindOfPadding() throws IOException {
        List<M4Csv.Series> s = M4Csv.read(file("\"V1\",\"V2\",\"V3\",\"V4\"\n"
                + "\"H1\",\"605\",\"586.5\",\"1e3\"\n"
                + "\"H2\",\"7\",\"\",\"\"\n"
                + "\"H3\",\"8\",\"9\",\n"));
        assertEquals(List.of("H1", "H2", "H3"), s.stream().map(M4Csv.Series::id).toList());
        assertArrayEquals(new double[] {605, 586.5, 1000}, s.get(0).values());
        assertArrayEquals(new double[] {7}, s.get(1).values());
        assertArrayEquals(new double[] {8, 9}, s.get(2).values());
    }

    @Test
    void malformedInputNamesFileLineAndProblem() throws IOException {
        String header = "\"V1\",\"V2\",\"V3\"\n";
        assertError(header + "\"H1\",\"1\",\"2\"\n\"H2\",\"\",\"3\"\n", ":3:", "column 3 after an empty cell");
        assertError(header + "\"H1\",\"1\"\n", ":2:", "expected 3 cells");
        assertError(header + "\"H1\",\"1\",\"x\"\n", ":2:", "not a finite number: 'x'");
        assertError(header + "\"H1\",\"1\",\"NaN\"\n", ":2:", "not a finite number");
        assertError(header + "\"H1\",\"1\",\"2\"\n\"H1\",\"3\",\"4\"\n", ":3:", "duplicate id H1");
        assertError(header + "\"\",\"1\",\"2\"\n", ":2:", "empty id");
        assertError(header + "\"H1\",\"\",\"\"\n", ":2:", "no values");
        assertError(header + "\"H1\",\"1\"2\",\"3\"\n", ":2:", "stray quote");
        assertError("", ":1:", "no header");
        assertError("timestamp,value\n2014-04-01 00:00:00,3\n", ":1:", "leave out --format m4");
    }

    private void assertError(String content, String line, String message) throws IOException {
        Path f = file(content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> M4Csv.read(f));
        assertTrue(e.getMessage().startsWith(f + line) && e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void writesTheSubmissionFormAndReadsItBack() throws IOException {
        Path out = dir.resolve("f.csv");
        List<M4Csv.Series> f = List.of(new M4Csv.Series("H1", new double[] {1.5, 1e7, 605}),
                new M4Csv.Series("H2", new double[] {-0.25, 0, 3}));
        M4Csv.write(out, f);
        assertEquals(List.of("id,F1,F2,F3", "H1,1.5,10000000,605.0", "H2,-0.25,0.0,3.0"), Files.readAllLines(out));
        List<M4Csv.Series> back = M4Csv.read(out);
        assertEquals(2, back.size());
        assertArrayEquals(f.get(0).values(), back.get(0).values());
        assertArrayEquals(f.get(1).values(), back.get(1).values());
    }

    @Test
    void refusesUnequalHorizonsAndNonFiniteForecasts() {
        Path out = dir.resolve("f.csv");
        assertThrows(IllegalArgumentException.class, () -> M4Csv.write(out, List.of(
                new M4Csv.Series("H1", new double[] {1, 2}), new M4Csv.Series("H2", new double[] {1}))));
        assertThrows(IllegalArgumentException.class, () -> M4Csv.write(out, List.of(
                new M4Csv.Series("H1", new double[] {1, Double.NaN}))));
        assertThrows(IllegalArgumentException.class, () -> M4Csv.write(out, List.of(
                new M4Csv.Series("H,1", new double[] {1}))));
    }
}
