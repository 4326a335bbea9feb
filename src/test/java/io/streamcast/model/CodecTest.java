package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class CodecTest {
    static SeriesState trainedState(Forecaster f, Weights w, int events) {
        SeriesState s = f.newState();
        for (int t = 0; t < events; t++) {
            f.step(s, w, 1_700_000_000_000L + t * 60_000L, 10 + Math.sin(t / 5.0));
        }
        // Statistics the scorer would have left, so that the round trips cover them.
        s.anomalyStats().scored = events;
        s.anomalyStats().typicalMiss = 0.25;
        s.anomalyStats().incident = AnomalyStats.Incident.SURPRISE;
        return s;
    }

    @Test
    void weightsRoundTripForEveryCell() {
        for (CellType c : CellType.values()) {
            Weights w = Weights.initial(new NetworkShape(c, 3, 7, 2), 5).withVersion(42);
            Weights back = WeightsCodec.decode(WeightsCodec.encode(w));
            assertEquals(w, back);
        }
    }

    @Test
    void stateRoundTripIsExact() {
        ModelConfig mc = ModelConfig.defaults().withCell(CellType.LSTM, 8, 2).withFeatures(TimeFeatures.WEEK, true);
        Forecaster f = new Forecaster(mc);
        Weights w = Weights.initial(mc.shape(), 1);
        for (int events : new int[] {0, 1, 10, 200}) {
            SeriesState s = trainedState(f, w, events);
            SeriesState back = SeriesStateCodec.decode(SeriesStateCodec.encode(s));
            assertEquals(s, back, "after " + events + " events");
        }
    }

    @Test
    void aFormat1StateGetsItsTwelveSlotsAsNamedStatistics() {
        Forecaster f = new Forecaster(ModelConfig.defaults().withCell(CellType.GRU, 4, 1));
        SeriesState s = trainedState(f, Weights.initial(f.config().shape(), 1), 30);
        double[] slots = {250, 0.75, 0.0625, 1.125, 2, 3, 0.5, 12.5, 4, 260, 0.375, 5};
        SeriesState back = SeriesStateCodec.decode(format1(s, slots));
        AnomalyStats a = back.anomalyStats();
        assertEquals(250, a.scored);
        assertEquals(0.75, a.rootMean);
        assertEquals(0.0625, a.rootVariance);
        assertEquals(1.125, a.shortDeviation);
        assertEquals(AnomalyStats.Incident.FLATLINE, a.incident);
        assertEquals(3, a.quietRun);
        assertEquals(0.5, a.lastLikelihood);
        assertEquals(12.5, a.lastValue);
        assertEquals(4, a.flatRun);
        assertEquals(260, a.seen);
        assertEquals(0.375, a.typicalMiss);
        assertEquals(5, a.longestFlatRun);
        s.anomalyStats().copyFrom(a);
        assertEquals(s, back, "everything else as it was");
    }

    @Test
    void aStateFromTheEarlierTenSlotBuildKeepsItsModelStateAndRestartsItsAnomalyStatistics() {
        Forecaster f = new Forecaster(ModelConfig.defaults().withCell(CellType.GRU, 4, 1));
        SeriesState s = trainedState(f, Weights.initial(f.config().shape(), 1), 30);
        double[] tenSlots = {1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5};
        SeriesState back = SeriesStateCodec.decode(format1(s, tenSlots));
        assertEquals(new AnomalyStats(), back.anomalyStats(), "the earlier statistics were on another scale");
        s.anomalyStats().copyFrom(new AnomalyStats());
        assertEquals(s, back, "everything but the anomaly statistics");
    }

    @Test
    void format1SlotsThatAreNoStatisticsFailClearly() {
        SeriesState s = new Forecaster(ModelConfig.defaults()).newState();
        double[] ok = {250, 0.75, 0.0625, 1.125, 1, 3, 0.5, 12.5, 4, 260, 0.375, 5};
        for (int slots : new int[] {3, 11}) {
            CorruptDataException e = assertThrows(CorruptDataException.class,
                    () -> SeriesStateCodec.decode(format1(s, Arrays.copyOf(ok, slots))));
            assertTrue(e.getMessage().contains(slots + " score slots"), e.getMessage());
        }
        double[] fractionalCount = ok.clone();
        fractionalCount[9] = 260.5;
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> SeriesStateCodec.decode(format1(s, fractionalCount)));
        assertTrue(e.getMessage().contains("slot 9 = 260.5 is not a count"), e.getMessage());
        double[] unknownIncident = ok.clone();
        unknownIncident[4] = 3;
        e = assertThrows(CorruptDataException.class, () -> SeriesStateCodec.decode(format1(s, unknownIncident)));
        assertTrue(e.getMessage().contains("unknown incident 3"), e.getMessage());
    }

    @Test
    void format2StatisticsThatCannotBeFailClearly() {
        SeriesState s = new Forecaster(ModelConfig.defaults()).newState();
        byte[] bytes = SeriesStateCodec.encode(s);
        // The statistics follow the header fields and the hidden state: seen is their first long, then after
        // four more longs and six doubles (80 bytes) the incident byte.
        int stats = 6 + 32 + 40 + 4 + 8 * s.hidden.length;
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> SeriesStateCodec.decode(patched(bytes, stats, ByteBuffer.allocate(8).putLong(-1).array())));
        assertTrue(e.getMessage().contains("anomaly seen = -1 is negative"), e.getMessage());
        e = assertThrows(CorruptDataException.class,
                () -> SeriesStateCodec.decode(patched(bytes, stats + 80, new byte[] {3})));
        assertTrue(e.getMessage().contains("unknown incident 3"), e.getMessage());
    }

    /** The bytes with {@code with} written at {@code at} and the checksum made right again. */
    private static byte[] patched(byte[] bytes, int at, byte[] with) {
        byte[] out = bytes.clone();
        System.arraycopy(with, 0, out, at, with.length);
        return withChecksum(out);
    }

    /** Writes the CRC32C of all but the last four bytes into them. */
    private static byte[] withChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
        return bytes;
    }

    /**
     * The state in format 1 as the earlier builds wrote it: the header fields, hidden state, then the anomaly
     * statistics as {@code slots} unnamed doubles, then the ring and CRC32C.
     */
    static byte[] format1(SeriesState s, double[] slots) {
        ByteBuffer b = ByteBuffer.allocate(6 + 32 + 40 + 4 + 8 * s.hidden.length + 4 + 8 * slots.length + 8
                + 16 * s.ringSize + 4);
        b.putInt(SeriesStateCodec.MAGIC).putShort((short) 1);
        SeriesStateCodec.putHead(b, s); // format 1's head is format 2's
        b.putInt(slots.length);
        for (double v : slots) {
            b.putDouble(v);
        }
        b.putInt(s.windowCapacity()).putInt(s.windowSize());
        for (int i = 0; i < s.windowSize(); i++) {
            b.putDouble(s.windowValue(i)).putLong(s.windowTime(i));
        }
        return withChecksum(b.array());
    }

    @Test
    void truncatedOrCorruptBuffersFailClearly() {
        Weights w = Weights.initial(new NetworkShape(CellType.GRU, 2, 4, 1), 5);
        byte[] bytes = WeightsCodec.encode(w);
        CorruptDataException e1 = assertThrows(CorruptDataException.class,
                () -> WeightsCodec.decode(Arrays.copyOf(bytes, bytes.length - 9)));
        assertTrue(e1.getMessage().contains("checksum"), e1.getMessage());
        byte[] flipped = bytes.clone();
        flipped[40] ^= 1;
        assertThrows(CorruptDataException.class, () -> WeightsCodec.decode(flipped));
        CorruptDataException e2 = assertThrows(CorruptDataException.class, () -> WeightsCodec.decode(new byte[3]));
        assertTrue(e2.getMessage().contains("too short"), e2.getMessage());
        Forecaster f = new Forecaster(ModelConfig.defaults());
        byte[] state = SeriesStateCodec.encode(f.newState());
        CorruptDataException e3 = assertThrows(CorruptDataException.class, () -> WeightsCodec.decode(state));
        assertTrue(e3.getMessage().contains("bad magic"), e3.getMessage());
        byte[] newer = state.clone();
        newer[5] = (byte) (SeriesStateCodec.FORMAT + 1);
        CorruptDataException e4 = assertThrows(CorruptDataException.class, () -> SeriesStateCodec.decode(newer));
        assertTrue(e4.getMessage().contains("format version " + (SeriesStateCodec.FORMAT + 1)), e4.getMessage());
        for (int cut = 0; cut < state.length; cut += 7) {
            int n = cut;
            assertThrows(CorruptDataException.class, () -> SeriesStateCodec.decode(Arrays.copyOf(state, n)));
        }
    }
}
