package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forecast store's split of a state into a head written every event and a ring record written every few. */
class LiveStateCodecTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final ModelConfig SENSORS = window(ModelConfig.defaults(), 256);

    private static ModelConfig window(ModelConfig m, int window) {
        return new ModelConfig(m.cell(), m.hiddenSize(), m.layers(), m.timeFeatures(), m.deltaFeature(), m.normaliser(),
                m.intervalLevel(), window, m.seed(), m.residual(), 1, 0, 0, m.combination());
    }

    /** What the forecast store holds for one key after each event. */
    private record Stored(byte[] head, byte[] ring, SeriesState state) {
    }

    /** Steps a key through {@code events} events, saving after each as the processor does. */
    private static List<Stored> run(ModelConfig mc, int events) {
        Forecaster f = new Forecaster(mc);
        Weights w = Weights.initial(mc.shape(), 3);
        SeriesState s = f.newState();
        byte[] ring = null;
        List<Stored> out = new ArrayList<>();
        for (int t = 0; t < events; t++) {
            f.step(s, w, T0 + t * 60_000L, 10 + Math.sin(t / 5.0) + 0.01 * (t % 7));
            LiveStateCodec.Split split = LiveStateCodec.encode(s);
            ring = split.ring() != null ? split.ring() : ring;
            out.add(new Stored(split.head(), ring, s.copy()));
        }
        return out;
    }

    @Test
    void headAndRingReadBackAsTheWholeStateAfterEveryEvent() {
        for (ModelConfig mc : List.of(SENSORS, window(SENSORS, 8), window(SENSORS, 1),
                window(ModelConfig.defaults().withCell(CellType.LSTM, 8, 2), 40))) {
            List<Stored> run = run(mc, 600);
            for (int t = 0; t < run.size(); t++) {
                Stored at = run.get(t);
                assertEquals(at.state(), LiveStateCodec.decode(at.head(), at.ring()), mc + ", after event " + t);
            }
        }
    }

    @Test
    void decodingIntoTheScratchOfAnotherKeyGivesThatKeysStateAlone() {
        // Keys of one run differ in steps, ring fill and combination; an LSTM key and a short window change the sizes.
        List<Stored> keys = new ArrayList<>();
        for (ModelConfig mc : List.of(SENSORS, window(SENSORS, 8), window(ModelConfig.defaults().withCell(CellType.LSTM,
                8, 2), 40))) {
            List<Stored> run = run(mc, 300);
            keys.addAll(List.of(run.get(299), run.get(3), run.get(40), run.get(0)));
        }
        SeriesState scratch = null;
        for (int round = 0; round < 2; round++) {
            for (Stored k : keys) {
                scratch = LiveStateCodec.decode(k.head(), k.ring(), scratch);
                assertEquals(k.state(), scratch);
                assertEquals(LiveStateCodec.decode(k.head(), k.ring()).ringSavedAt, scratch.ringSavedAt);
            }
        }
    }

    @Test
    void theRingIsWrittenEveryRingEverySteps() {
        Forecaster f = new Forecaster(SENSORS);
        Weights w = Weights.initial(SENSORS.shape(), 3);
        SeriesState s = f.newState();
        int largest = 0;
        for (int t = 1; t <= 10 * LiveStateCodec.RING_EVERY; t++) {
            f.step(s, w, T0 + t * 60_000L, Math.cos(t));
            LiveStateCodec.Split split = LiveStateCodec.encode(s);
            largest = Math.max(largest, split.head().length);
            if (t % LiveStateCodec.RING_EVERY == 0) {
                assertNotNull(split.ring(), "ring record at step " + t);
            } else {
                assertNull(split.ring(), "no ring record at step " + t);
            }
        }
        assertTrue(largest <= 1024, "GRU-32's head with its newest inputs is " + largest + " bytes");
    }

    @Test
    void aWholeStateOfAnEarlierBuildIsReadAndItsRingWrittenAtTheNextSave() {
        SeriesState s = run(SENSORS, 300).get(299).state();
        SeriesState back = LiveStateCodec.decode(SeriesStateCodec.encode(s), null);
        assertEquals(s, back);
        LiveStateCodec.Split split = LiveStateCodec.encode(back);
        assertNotNull(split.ring(), "the ring goes to its own record at once");
        assertEquals(s, LiveStateCodec.decode(split.head(), split.ring()));
    }

    /** A crash between the two writes under at-least-once: the head is older than the ring record. */
    @Test
    void aRingRecordNewerThanItsHeadGivesTheHeadsRing() {
        List<Stored> run = run(SENSORS, 300);
        Stored head = run.get(99); // ring saved at step 96, three entries since
        Stored newer = run.get(135); // ring saved at step 128
        assertEquals(head.state(), LiveStateCodec.decode(head.head(), newer.ring()),
                "within the window the newer ring holds everything the head's needs");
        Stored late = run.get(279); // ring saved at 256, entries 24..256 needed
        SeriesState s = LiveStateCodec.decode(late.head(), run.get(299).ring()); // ring at 288 holds 32..288
        assertEquals(late.state().lastEventTime(), s.lastEventTime());
        assertEquals(late.state().windowSize() - 8, s.windowSize(), "the entries the newer ring dropped are missing");
        assertInTimeOrder(s);
    }

    /** The head is newer than the ring record: the entries between them are missing, the rest in order. */
    @Test
    void aRingRecordOlderThanItsHeadLeavesAGapNotADisorder() {
        List<Stored> run = run(SENSORS, 300);
        SeriesState s = LiveStateCodec.decode(run.get(70).head(), run.get(40).ring()); // rings of steps 64 and 32
        assertEquals(32 + 7, s.windowSize());
        assertInTimeOrder(s);
        assertEquals(run.get(70).state().lastEventTime(), s.windowTime(s.windowSize() - 1));
    }

    @Test
    void aRingOutOfTimeOrderIsCorrupt() {
        SeriesState s = run(SENSORS, 40).get(39).state();
        s.ringTs[3] = s.ringTs[1];
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> LiveStateCodec.decode(LiveStateCodec.encode(s.copy()).head(), LiveStateCodec.encodeRing(s)));
        assertTrue(e.getMessage().contains("series ring: entry 3"), e.getMessage());
    }

    @Test
    void aHeadSavedAfterItsOwnStepsIsCorrupt() {
        SeriesState s = run(SENSORS, 10).get(9).state();
        // The encoder never writes this (it writes the ring record instead), so the frame is built by hand.
        java.nio.ByteBuffer b = BinaryFormat.begin(SeriesStateCodec.bodyBytes(s) + 16, LiveStateCodec.HEAD_MAGIC,
                LiveStateCodec.FORMAT);
        SeriesStateCodec.putBody(b, s);
        b.putInt(256).putLong(11).putInt(0);
        byte[] head = BinaryFormat.finish(b);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> LiveStateCodec.decode(head, null));
        assertTrue(e.getMessage().contains("ring saved at step"), e.getMessage());
    }

    private static void assertInTimeOrder(SeriesState s) {
        for (int i = 1; i < s.windowSize(); i++) {
            assertTrue(s.windowTime(i) > s.windowTime(i - 1), "entry " + i + " after the one before");
        }
    }
}
