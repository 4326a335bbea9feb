package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodecTest {
    static SeriesState trainedState(Forecaster f, Weights w, int events) {
        SeriesState s = f.newState();
        for (int t = 0; t < events; t++) {
            f.step(s, w, 1_700_000_000_000L + t * 60_000L, 10 + Math.sin(t / 5.0));
        }
        s.scoreStats()[0] = 0.25;
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
    void aStateFromTheEarlierTenSlotBuildKeepsItsModelStateAndRestartsItsAnomalyStatistics() {
        Forecaster f = new Forecaster(ModelConfig.defaults().withCell(CellType.GRU, 4, 1));
        SeriesState s = trainedState(f, Weights.initial(f.config().shape(), 1), 30);
        for (int i = 0; i < SeriesState.SCORE_STATS; i++) {
            s.scoreStats()[i] = i + 0.5;
        }
        SeriesState restarted = SeriesStateCodec.decode(SeriesStateCodec.encode(s));
        Arrays.fill(restarted.scoreStats(), 0.0);
        assertEquals(restarted, SeriesStateCodec.decode(withSlots(s, 10)),
                "everything but the anomaly statistics, which were on another scale");
        for (int slots : new int[] {3, 11}) {
            CorruptDataException e = assertThrows(CorruptDataException.class,
                    () -> SeriesStateCodec.decode(withSlots(s, slots)));
            assertTrue(e.getMessage().contains(slots + " score slots"), e.getMessage());
        }
    }

    /** The state's encoding with its score slots cut or padded to {@code slots} (as another build wrote it). */
    private static byte[] withSlots(SeriesState s, int slots) {
        byte[] now = SeriesStateCodec.encode(s);
        // The body up to the slot count: magic, format, 4 longs, 5 doubles, hidden size and values.
        int countAt = 6 + 32 + 40 + 4 + 8 * s.hidden.length;
        int rest = countAt + 4 + 8 * SeriesState.SCORE_STATS;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(now.length + 8 * (slots - SeriesState.SCORE_STATS));
        b.put(now, 0, countAt).putInt(slots);
        for (int i = 0; i < slots; i++) {
            b.putDouble(i < SeriesState.SCORE_STATS ? s.scoreStats()[i] : 0);
        }
        b.put(now, rest, now.length - 4 - rest);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
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
        byte[] version2 = state.clone();
        version2[5] = 2;
        CorruptDataException e4 = assertThrows(CorruptDataException.class, () -> SeriesStateCodec.decode(version2));
        assertTrue(e4.getMessage().contains("format version 2"), e4.getMessage());
        for (int cut = 0; cut < state.length; cut += 7) {
            int n = cut;
            assertThrows(CorruptDataException.class, () -> SeriesStateCodec.decode(Arrays.copyOf(state, n)));
        }
    }
}
