package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forecast store's split of a state into a head written every event and ring segments written as they fill. */
class LiveStateCodecTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final ModelConfig SENSORS = window(ModelConfig.defaults(), 256);

    private static ModelConfig window(ModelConfig m, int window) {
        return new ModelConfig(m.cell(), m.hiddenSize(), m.layers(), m.timeFeatures(), m.deltaFeature(), m.normaliser(),
                m.intervalLevel(), window, m.seed(), m.residual(), 1, 0, 0, m.combination());
    }

    /** What the forecast store holds for one key after each event: its head and its segments by slot. */
    private record Stored(byte[] head, byte[][] segments, SeriesState state) {
        LiveStateCodec.RingRecords rings() {
            return slot -> slot >= 0 && slot < segments.length ? segments[slot] : null;
        }
    }

    /** Steps a key through {@code events} events, saving after each as the processor does. */
    private static List<Stored> run(ModelConfig mc, int events) {
        Forecaster f = new Forecaster(mc);
        Weights w = Weights.initial(mc.shape(), 3);
        SeriesState s = f.newState();
        byte[][] segments = new byte[LiveStateCodec.slots(mc.window())][];
        List<Stored> out = new ArrayList<>();
        for (int t = 0; t < events; t++) {
            f.step(s, w, T0 + t * 60_000L, 10 + Math.sin(t / 5.0) + 0.01 * (t % 7));
            LiveStateCodec.Split split = LiveStateCodec.encode(s);
            segments = segments.clone();
            for (int i = 0; i < split.segmentCount(); i++) {
                segments[split.slot(i)] = split.segment(i);
            }
            out.add(new Stored(split.head(), segments, s.copy()));
        }
        return out;
    }

    @Test
    void headAndSegmentsReadBackAsTheWholeStateAfterEveryEvent() {
        for (ModelConfig mc : List.of(SENSORS, window(SENSORS, 8), window(SENSORS, 1), window(SENSORS, 250),
                window(ModelConfig.defaults().withCell(CellType.LSTM, 8, 2), 40))) {
            List<Stored> run = run(mc, 600);
            for (int t = 0; t < run.size(); t++) {
                Stored at = run.get(t);
                assertEquals(at.state(), LiveStateCodec.decode(at.head(), at.rings()), mc + ", after event " + t);
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
                scratch = LiveStateCodec.decode(k.head(), k.rings(), scratch);
                assertEquals(k.state(), scratch);
                assertEquals(LiveStateCodec.decode(k.head(), k.rings()).ringSavedAt, scratch.ringSavedAt);
            }
        }
    }

    @Test
    void aSegmentIsWrittenEverySegmentStepsAndAnEventWritesUnder700BytesOnAverage() {
        Forecaster f = new Forecaster(SENSORS);
        Weights w = Weights.initial(SENSORS.shape(), 3);
        SeriesState s = f.newState();
        int largest = 0;
        long bytes = 0;
        int events = 20 * LiveStateCodec.SEGMENT;
        for (int t = 1; t <= events; t++) {
            f.step(s, w, T0 + t * 60_000L, Math.cos(t));
            LiveStateCodec.Split split = LiveStateCodec.encode(s);
            largest = Math.max(largest, split.head().length);
            bytes += split.bytes();
            assertEquals(t % LiveStateCodec.SEGMENT == 0 ? 1 : 0, split.segmentCount(), "segments at step " + t);
            if (split.segmentCount() == 1) {
                assertEquals((t / LiveStateCodec.SEGMENT - 1) % LiveStateCodec.slots(256), split.slot(0));
            }
        }
        assertTrue(largest <= 1024, "GRU-32's head with its newest inputs is " + largest + " bytes");
        // The whole ring rewritten every 32 steps beside a head of up to 31 entries averaged 904 bytes an event.
        assertTrue(bytes / events < 700, "an event writes " + bytes / events + " bytes on average");
    }

    @Test
    void aWholeStateOfAnEarlierBuildIsReadAndItsRingWrittenAtTheNextSave() {
        SeriesState s = run(SENSORS, 300).get(299).state();
        SeriesState back = LiveStateCodec.decode(SeriesStateCodec.encode(s), null);
        assertEquals(s, back);
        LiveStateCodec.Split split = LiveStateCodec.encode(back);
        assertEquals(LiveStateCodec.slots(256), split.segmentCount(), "every slot written at once");
        assertFalse(split.dropsWholeRing(), "a whole state has no ring record to drop");
        byte[][] segments = new byte[split.segmentCount()][];
        for (int i = 0; i < split.segmentCount(); i++) {
            segments[split.slot(i)] = split.segment(i);
        }
        assertEquals(s, LiveStateCodec.decode(split.head(), new Stored(null, segments, null).rings()));
    }

    /** A crash between writes under at-least-once: the head is older than the segments. */
    @Test
    void segmentsNewerThanTheirHeadGiveTheHeadsRing() {
        List<Stored> run = run(SENSORS, 300);
        Stored head = run.get(99); // 100 steps: segments to 96, four entries since
        Stored newer = run.get(135); // segments to 128
        assertEquals(head.state(), LiveStateCodec.decode(head.head(), newer.rings()),
                "within the window the newer segments hold everything the head's needs");
        Stored late = run.get(279); // 280 steps: segments to 272, entries 25..272 needed
        SeriesState s = LiveStateCodec.decode(late.head(), run.get(299).rings()); // groups of 33..288: 25..32 gone
        assertEquals(late.state().lastEventTime(), s.lastEventTime());
        assertEquals(late.state().windowSize() - 8, s.windowSize(), "the entries the newer segments dropped are missing");
        assertInTimeOrder(s);
    }

    /** The head is newer than the segments: the entries between them are missing, the rest in order. */
    @Test
    void segmentsOlderThanTheirHeadLeaveAGapNotADisorder() {
        List<Stored> run = run(SENSORS, 300);
        SeriesState s = LiveStateCodec.decode(run.get(70).head(), run.get(40).rings()); // segments to 64 and to 32
        assertEquals(32 + 7, s.windowSize());
        assertInTimeOrder(s);
        assertEquals(run.get(70).state().lastEventTime(), s.windowTime(s.windowSize() - 1));
    }

    @Test
    void aRingOutOfTimeOrderIsCorrupt() {
        SeriesState s = run(SENSORS, 40).get(39).state();
        s.ringTs[3] = s.ringTs[1];
        RingSegments.Segment[] segments = RingSegments.encode(s, 0, 1);
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> LiveStateCodec.decode(LiveStateCodec.encode(s.copy()).head(),
                        slot -> slot < segments.length ? segments[slot].bytes() : null));
        assertTrue(e.getMessage().contains("series ring segment: entry at ts"), e.getMessage());
    }

    /**
     * With a late-event grace, a crash can lose a head whose run wrote segments, and the replay then steps other
     * times into the same groups: segments that do not follow each other in time keep the newest run, not an error
     * that would set the key's events aside for good.
     */
    @Test
    void segmentsOfADivergedReplayLeaveAGapNotAnError() {
        SeriesState s = run(SENSORS, 40).get(39).state(); // 40 steps: groups 0 and 1 written, 8 entries in the head
        RingSegments.Segment first = RingSegments.encode(s, 0, 0)[0];
        SeriesState shifted = s.copy();
        for (int i = 16; i < 32; i++) { // steps 17..32 twenty minutes earlier: before group 0's end
            shifted.ringTs[i] -= 20 * 60_000L;
        }
        RingSegments.Segment second = RingSegments.encode(shifted, 1, 1)[0];
        SeriesState back = LiveStateCodec.decode(LiveStateCodec.encode(s.copy()).head(),
                slot -> slot == 0 ? first.bytes() : slot == 1 ? second.bytes() : null);
        assertEquals(16 + 8, back.windowSize(), "group 1 and the head's entries; group 0 dropped");
        assertEquals(shifted.ringTs[16], back.windowTime(0));
        assertInTimeOrder(back);
    }

    @Test
    void aSegmentOfAnotherFormatIsCorruptNotSkipped() {
        Stored at = run(SENSORS, 40).get(39);
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> LiveStateCodec.decode(at.head(), slot -> slot == 0 ? at.head() : at.rings().get(slot)));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void aYoungKeysHeadAsksOnlyForTheSlotsItWrote() {
        List<Stored> run = run(SENSORS, 600);
        int slots = LiveStateCodec.slots(SENSORS.window());
        for (int t : new int[] {0, 14, 15, 16, 40, 16 * slots - 2, 16 * slots - 1, 599}) {
            Stored at = run.get(t);
            java.util.Set<Integer> asked = new java.util.TreeSet<>();
            SeriesState back = LiveStateCodec.decode(at.head(), slot -> {
                asked.add(slot);
                return at.rings().get(slot);
            });
            assertEquals(at.state(), back, "after event " + t);
            // After event t (t + 1 steps) the segments of groups below (t + 1) / 16 are written, one a slot.
            int written = Math.min(slots, (t + 1) / LiveStateCodec.SEGMENT);
            assertEquals(written, asked.size(), "after event " + t + ": asked for " + asked);
            assertTrue(asked.isEmpty() || asked.stream().allMatch(slot -> slot >= 0 && slot < written),
                    "after event " + t + ": asked for " + asked);
        }
        // A young head over slots that a later lap filled (a run the head did not see): those segments are past
        // its point, so it keeps the head's own entries and leaves the gap, as reading every slot did.
        Stored young = run.get(40);
        Stored later = run.get(599);
        SeriesState back = LiveStateCodec.decode(young.head(), later.rings());
        assertEquals(41 % LiveStateCodec.SEGMENT, back.windowSize());
        assertEquals(young.state().windowTime(young.state().windowSize() - 1), back.windowTime(back.windowSize() - 1));
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
