package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every version of the series-state and weights formats that this build still reads has a golden file (the direct
 * head's from format 3), and each decodes to the values it was written with; the current encoders write the golden files of the current
 * versions byte for byte, so a byte change without a version bump fails here. {@link #main} writes the
 * golden files of a new version (by hand, once, after the bump).
 */
class CodecGoldenFilesTest extends GoldenFormatTest {
    @Override
    protected Map<String, byte[]> current() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("state-v" + SeriesStateCodec.FORMAT + ".bin", SeriesStateCodec.encode(GoldenSamples.tailState()));
        files.put("weights-v" + WeightsCodec.FORMAT + ".bin", WeightsCodec.encode(GoldenSamples.weights()));
        SeriesState live = liveState();
        files.put("state-ring-v" + LiveStateCodec.RING_FORMAT + ".bin", LiveStateCodec.encodeRing(live));
        LiveStateCodec.Split split = LiveStateCodec.encode(live);
        files.put("state-head-v" + LiveStateCodec.FORMAT + "-state-v" + SeriesStateCodec.FORMAT + ".bin",
                split.head());
        files.put("state-segment-v" + RingSegments.FORMAT + ".bin", split.segment(0));
        files.put("direct-head-v" + DirectHeadCodec.FORMAT + ".bin", DirectHeadCodec.encode(GoldenSamples.directHead()));
        return files;
    }

    /**
     * {@link GoldenSamples#tailState()} (260 steps, a ring of 6) with its segments written up to step 240: the
     * save writes the segment of steps 241-256 (the ring still holds 255 and 256) and the head carries 257-260.
     */
    private static SeriesState liveState() {
        SeriesState s = GoldenSamples.tailState();
        s.ringSavedAt = 240;
        return s;
    }

    /** Heads 1 and 2 had the whole ring in one record beside them, stored under the key itself. */
    private static LiveStateCodec.RingRecords wholeRing() {
        return slot -> slot == LiveStateCodec.WHOLE_RING ? GoldenFiles.read("state-ring-v1.bin") : null;
    }

    @Test
    void liveHeadAndSegmentDecodeToTheirSample() {
        byte[] segment = GoldenFiles.read("state-segment-v1.bin");
        SeriesState s = LiveStateCodec.decode(GoldenFiles.read("state-head-v4-state-v5.bin"),
                slot -> slot == 0 ? segment : null);
        assertEquals(GoldenSamples.tailState(), s);
        assertEquals(256, s.ringSavedAt);
    }

    @Test
    void liveHeadV3HoldsAStateV4AndReadsWithoutAnEmpiricalTail() {
        byte[] segment = GoldenFiles.read("state-segment-v1.bin");
        SeriesState s = LiveStateCodec.decode(GoldenFiles.read("state-head-v3-state-v4.bin"),
                slot -> slot == 0 ? segment : null);
        assertEquals(GoldenSamples.opinionState(), s);
        assertEquals(256, s.ringSavedAt);
        assertTrue(!s.anomalyStats().hasTail(), "the tail starts afresh where a spec keeps one");
    }

    @Test
    void liveHeadV2AndItsWholeRingDecodeToTheirSampleAndTheNextSaveWritesSegments() {
        SeriesState s = LiveStateCodec.decode(GoldenFiles.read("state-head-v2-state-v4.bin"), wholeRing());
        assertEquals(GoldenSamples.opinionState(), s);
        LiveStateCodec.Split split = LiveStateCodec.encode(s);
        assertTrue(split.dropsWholeRing(), "the whole-ring record is deleted once its entries are in segments");
        assertEquals(1, split.segmentCount(), "a ring of 6 has one slot");
        assertEquals(GoldenSamples.opinionState(), LiveStateCodec.decode(split.head(), slot -> slot == 0
                ? split.segment(0) : null));
    }

    /**
     * A crash after a migration wrote the segments and deleted the whole ring, before the new head: the old head
     * reads the segments. A record under the key that is not a whole ring (another key's segment, when one key's
     * bytes are another's followed by a slot) is not one, and is not dropped.
     */
    @Test
    void liveHeadV2WithoutItsWholeRingReadsTheSegmentsOfAMigration() {
        byte[] head = GoldenFiles.read("state-head-v2-state-v4.bin");
        LiveStateCodec.Split migration = LiveStateCodec.encode(LiveStateCodec.decode(head, wholeRing()));
        byte[] segment = migration.segment(0);
        SeriesState s = LiveStateCodec.decode(head, slot -> slot == 0 || slot == LiveStateCodec.WHOLE_RING
                ? segment : null);
        assertEquals(GoldenSamples.opinionState(), s);
        assertTrue(!LiveStateCodec.encode(s).dropsWholeRing(), "a record that is not a whole ring is left alone");
    }

    @Test
    void liveHeadV1HoldsAStateV3AndReadsWithTheSecondOpinionCold() {
        SeriesState s = LiveStateCodec.decode(GoldenFiles.read("state-head-v1-state-v3.bin"), wholeRing());
        assertEquals(GoldenSamples.combinedState(), s);
        assertEquals(0, s.anomalyStats().seasonalScored);
    }

    @Test
    void liveHeadAloneHoldsTheNewestEntries() {
        String head = "state-head-v" + LiveStateCodec.FORMAT + "-state-v" + SeriesStateCodec.FORMAT + ".bin";
        SeriesState s = LiveStateCodec.decode(GoldenFiles.read(head), null);
        assertEquals(4, s.windowSize());
        assertEquals(GoldenSamples.combinedState().lastEventTime(), s.windowTime(3));
    }

    @Test
    void stateV1WithTenScoreSlotsKeepsItsModelStateAndRestartsItsAnomalyStatistics() {
        SeriesState s = SeriesStateCodec.decode(GoldenFiles.read("state-v1.bin"));
        assertEquals(7, s.modelVersion());
        assertEquals(300, s.steps());
        assertEquals(300, s.normaliserCount());
        assertEquals(GoldenSamples.T0 + 299 * GoldenSamples.MINUTE, s.lastEventTime());
        assertEquals(GoldenFilesTest.CONFIG.shape().stateSize(), s.hiddenCopy().length);
        assertEquals(64, s.windowSize());
        assertEquals(GoldenSamples.T0 + 299 * GoldenSamples.MINUTE, s.windowTime(63));
        assertEquals(new AnomalyStats(), s.anomalyStats());
    }

    @Test
    void stateV1WithTwelveScoreSlotsDecodesToItsSample() {
        assertEquals(GoldenSamples.state(), SeriesStateCodec.decode(GoldenFiles.read("state-v1-12slots.bin")),
                "the slots become the named statistics they held");
    }

    @Test
    void stateV2DecodesToItsSample() {
        assertEquals(GoldenSamples.state(), SeriesStateCodec.decode(GoldenFiles.read("state-v2.bin")));
    }

    @Test
    void stateV2ReadsWithTheCombinationNotYetScored() {
        SeriesState s = SeriesStateCodec.decode(GoldenFiles.read("state-v2.bin"));
        assertEquals(0, s.combScored);
        assertTrue(Double.isNaN(s.candModel), "no candidates yet: the network's forecast is emitted until scored");
    }

    @Test
    void stateV3DecodesToItsSampleWithTheSecondOpinionCold() {
        SeriesState s = SeriesStateCodec.decode(GoldenFiles.read("state-v3.bin"));
        assertEquals(GoldenSamples.combinedState(), s);
        assertEquals(0, s.anomalyStats().seasonalScored, "the second opinion warms up again");
    }

    @Test
    void stateV4DecodesToItsSampleWithoutAnEmpiricalTail() {
        assertEquals(GoldenSamples.opinionState(), SeriesStateCodec.decode(GoldenFiles.read("state-v4.bin")));
    }

    @Test
    void stateV5DecodesToItsSample() {
        assertEquals(GoldenSamples.tailState(), SeriesStateCodec.decode(GoldenFiles.read("state-v5.bin")));
    }

    @Test
    void weightsV1DecodesToItsSample() {
        assertEquals(GoldenSamples.weights(), WeightsCodec.decode(GoldenFiles.read("weights-v1.bin")));
    }

    @Test
    void directHeadV3DecodesToItsSample() {
        DirectHead expected = GoldenSamples.directHead();
        DirectHead h = DirectHeadCodec.decode(GoldenFiles.read("direct-head-v3.bin"), GoldenSamples.DIRECT, 2);
        assertArrayEquals(expected.coefficients(), h.coefficients(), 0);
        assertArrayEquals(expected.mlp().parameters(), h.mlp().parameters(), 0);
    }

    /** Writes the golden files a new format version needs; see golden/README.md. */
    public static void main(String[] args) throws IOException {
        writeNew(new CodecGoldenFilesTest());
    }
}
