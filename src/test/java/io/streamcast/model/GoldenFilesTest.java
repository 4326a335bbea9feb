package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Format 1 blobs checked in under src/test/resources/golden decode and forecast as they did when they
 * were written: a format change that breaks stored state or published models fails here. They are never
 * rewritten (state-v1.bin comes from the build with 10 score slots); {@link CodecGoldenFilesTest} decodes
 * every golden file and holds the current encoders to theirs, and its main writes a new format version's.
 */
class GoldenFilesTest {
    static final ModelConfig CONFIG = ModelConfig.defaults().withCell(CellType.GRU, 8, 2).withFeatures(TimeFeatures.WEEK, true);
    static final long NEXT_TS = 1_700_000_000_000L + 300 * 60_000L;
    static final double NEXT_VALUE = 10.5;

    @Test
    void v1BlobsDecodeAndForecastTheSame() throws IOException {
        Weights w = WeightsCodec.decode(read("golden/weights-v1.bin"));
        SeriesState s = SeriesStateCodec.decode(read("golden/state-v1.bin"));
        Properties expected = new Properties();
        try (InputStream in = resource("golden/expected-v1.properties")) {
            expected.load(in);
        }
        assertEquals(7, w.version());
        StepResult r = new Forecaster(CONFIG).step(s, w, NEXT_TS, NEXT_VALUE);
        assertEquals(Double.parseDouble(expected.getProperty("mean")), r.next().mean(), 1e-12);
        assertEquals(Double.parseDouble(expected.getProperty("scale")), r.next().scale(), 1e-12);
        assertEquals(Double.parseDouble(expected.getProperty("previousMean")), r.previous().mean(), 1e-12);
    }

    private static InputStream resource(String name) {
        return GoldenFilesTest.class.getClassLoader().getResourceAsStream(name);
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        }
    }
}
