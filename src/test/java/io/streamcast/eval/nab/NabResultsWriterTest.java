package io.streamcast.eval.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabResultsWriterTest {
    @Test
    void writesOneLinePerRowWithTheOriginalTimestampText(@TempDir Path out) throws IOException {
        List<String> ts = List.of("2014-03-09 01:55:00", "2014-03-09 03:00:00", "2014-03-09 03:00:00",
                "2014-03-09 02:00:00");
        Path file = NabResultsWriter.write(out, "realKnownCause/ec2.csv", ts,
                new double[] {12.0, 0.1, -3.25, 1e-7}, new double[] {0, 0.5, Double.NaN, 1});
        assertEquals(out.resolve("nab/realKnownCause/ec2.csv"), file);
        assertEquals("""
                timestamp,value,anomaly_score
                2014-03-09 01:55:00,12,0
                2014-03-09 03:00:00,0.1,0.5
                2014-03-09 03:00:00,-3.25,NaN
                2014-03-09 02:00:00,0.0000001,1
                """, Files.readString(file));
    }

    @Test
    void rejectsMismatchedColumnsAndKeysOutsideTheFolder(@TempDir Path out) {
        assertThrows(IllegalArgumentException.class, () -> NabResultsWriter.write(out, "c/f.csv",
                List.of("2014-01-01 00:00:00"), new double[] {1, 2}, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> NabResultsWriter.write(out, "../f.csv",
                List.of(), new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> NabResultsWriter.write(out, "c/f.txt",
                List.of(), new double[0], new double[0]));
    }
}
