package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.streamcast.model.GoldenFiles;
import io.streamcast.model.GoldenFormatTest;
import io.streamcast.model.GoldenSamples;
import io.streamcast.model.SeriesStateCodec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The training formats' golden files (a tBPTT window, a key's window collector), as the model package's
 * CodecGoldenFilesTest does for states and weights: each decodes to its sample, the current encoders write the
 * current versions' files byte for byte, and {@link #main} writes a new version's (by hand, once).
 */
class TrainingGoldenFilesTest extends GoldenFormatTest {
    @Override
    protected Map<String, byte[]> current() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("training-window-v" + TrainingCodec.FORMAT + ".bin",
                TrainingCodec.encode(GoldenSamples.trainingWindow()));
        // The collector embeds a series state, so its bytes also follow the state's format version.
        files.put("window-collector-v" + TrainingCodec.FORMAT + "-state-v" + SeriesStateCodec.FORMAT + ".bin",
                TrainingCodec.encode(collector()));
        return files;
    }

    @Test
    void trainingWindowV1DecodesToItsSample() {
        GoldenSamples.assertSameWindow(GoldenSamples.trainingWindow(),
                TrainingCodec.decodeWindow(GoldenFiles.read("training-window-v1.bin")));
    }

    @Test
    void windowCollectorV1WithAStateV1DecodesToItsSample() {
        assertCollector(collector(), TrainingCodec.decodeCollector(GoldenFiles.read("window-collector-v1-state-v1.bin")));
    }

    @Test
    void windowCollectorV1WithAStateV2DecodesToItsSample() {
        assertCollector(collector(), TrainingCodec.decodeCollector(GoldenFiles.read("window-collector-v1-state-v2.bin")));
    }

    @Test
    void windowCollectorV1WithAStateV3DecodesToItsSample() {
        assertCollector(collector(), TrainingCodec.decodeCollector(GoldenFiles.read("window-collector-v1-state-v3.bin")));
    }

    @Test
    void windowCollectorV1WithAStateV4DecodesToItsSample() {
        assertCollector(collector(), TrainingCodec.decodeCollector(GoldenFiles.read("window-collector-v1-state-v4.bin")));
    }

    @Test
    void windowCollectorV1WithAStateV5DecodesToItsSample() {
        assertCollector(collector(), TrainingCodec.decodeCollector(GoldenFiles.read("window-collector-v1-state-v5.bin")));
    }

    /** Every field of a collector is in its encoding: equal bytes, equal collectors. */
    static void assertCollector(WindowCollector expected, WindowCollector c) {
        assertArrayEquals(TrainingCodec.encode(expected), TrainingCodec.encode(c));
    }

    /** A collector (k1 = 2, k2 = 3) that has kept 7 pairs, handed out 2 windows and has an input pending. */
    static WindowCollector collector() {
        WindowCollector c = new WindowCollector(GoldenSamples.state(), 2, 3, 2);
        c.pairs = 7;
        c.windows = 2;
        c.hasPending = true;
        c.pendingInput[0] = 0.5;
        c.pendingInput[1] = -0.75;
        for (int j = 0; j < 4; j++) {
            c.pendingHidden[j] = (j + 1) / 16.0;
        }
        // Snapshots of pairs 6, 2 and 4, at (pair / k1) % 3.
        long[] snaps = {6, 2, 4};
        for (int s = 0; s < snaps.length; s++) {
            c.snapIndex[s] = snaps[s];
            for (int j = 0; j < 4; j++) {
                c.snapState[s][j] = snaps[s] + j / 4.0;
            }
        }
        // Pairs 2..6 fill the ring of k1 + k2 = 5.
        for (int p = 2; p < 7; p++) {
            int i = p % 5;
            c.inputs[i][0] = p / 8.0;
            c.inputs[i][1] = -p / 4.0;
            c.targets[i] = p - 0.5;
            c.times[i] = GoldenSamples.T0 + p * GoldenSamples.MINUTE;
        }
        return c;
    }

    /** Writes the golden files a new format version needs; see golden/README.md. */
    public static void main(String[] args) throws IOException {
        writeNew(new TrainingGoldenFilesTest());
    }
}
