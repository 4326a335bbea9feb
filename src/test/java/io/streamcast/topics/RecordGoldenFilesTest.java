package io.streamcast.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.GoldenFiles;
import io.streamcast.model.GoldenFormatTest;
import io.streamcast.model.GoldenSamples;
import io.streamcast.model.WeightsCodec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the topic record values built around the model codecs: the model-topic record (provenance
 * JSON and weights) and the training update (a tag byte and a training window). As in the model package's
 * CodecGoldenFilesTest: the current encoders write them byte for byte, and {@link #main} writes a new version's.
 */
class RecordGoldenFilesTest extends GoldenFormatTest {
    static final ModelProvenance PROVENANCE = new ModelProvenance(7, 6, "golden", ModelRecords.GLOBAL, "training", 99,
            1_700_000_000_000L, 1_700_003_600_000L, 12, 0.125, 0.25, null, 1_700_007_200_000L);

    @Override
    protected Map<String, byte[]> current() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        // The record embeds the weights, so its bytes also follow the weights' format version.
        files.put("model-record-v" + ModelRecords.FORMAT + "-weights-v" + WeightsCodec.FORMAT + ".bin",
                ModelRecords.encode(PROVENANCE, GoldenSamples.weights()));
        // The training update has no version of its own: its tag byte, then the training window's format.
        files.put("training-update-window-v1.bin", new TrainingUpdate(GoldenSamples.trainingWindow(), true).encode());
        return files;
    }

    @Test
    void modelRecordV1DecodesToItsSample() {
        ModelRecords.Published p = ModelRecords.decode(GoldenFiles.read("model-record-v1-weights-v1.bin"));
        assertEquals(PROVENANCE, p.provenance());
        assertEquals(GoldenSamples.weights(), p.weights());
    }

    @Test
    void trainingUpdateWithAWindowV1DecodesToItsSample() {
        TrainingUpdate u = TrainingUpdate.decode(GoldenFiles.read("training-update-window-v1.bin"));
        assertTrue(u.canary());
        GoldenSamples.assertSameWindow(GoldenSamples.trainingWindow(), u.window());
    }

    /** Writes the golden files a new format version needs; see golden/README.md. */
    public static void main(String[] args) throws IOException {
        writeNew(new RecordGoldenFilesTest());
    }
}
