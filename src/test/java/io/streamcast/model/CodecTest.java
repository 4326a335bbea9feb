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
    void aStateWrittenWithTheOlderTenScoreSlotsReadsWithTheNewSlotsAtZero() {
        Forecaster f = new Forecaster(ModelConfig.defaults().withCell(CellType.GRU, 4, 1));
        SeriesState s = trainedState(f, Weights.initial(f.config().shape(), 1), 30);
        Arrays.fill(s.scoreStats(), 10, SeriesState.SCORE_STATS, 0.0);
        byte[] now = SeriesStateCodec.encode(s);
        // The body up to the slot count: magic, format, 4 longs, 5 doubles, hidden size and values.
        int slotsAt = 6 + 32 + 40 + 4 + 8 * s.hidden.length;
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(now.length - 16);
        old.put(now, 0, slotsAt).putInt(10).put(now, slotsAt + 4, 80);
        old.put(now, slotsAt + 4 + 8 * SeriesState.SCORE_STATS, now.length - 4 - (slotsAt + 4 + 8 * SeriesState.SCORE_STATS));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(old.array(), 0, old.position());
        old.putInt((int) crc.getValue());
        assertEquals(s, SeriesStateCodec.decode(old.array()));
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
