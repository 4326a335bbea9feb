package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The empirical tail in the state formats: round trips, and what a decoder refuses as corrupt. */
class EmpiricalTailCodecTest {
    @Test
    void aStateWithATailRoundTripsThroughBothForms() {
        SeriesState s = GoldenSamples.tailState();
        assertEquals(s, SeriesStateCodec.decode(SeriesStateCodec.encode(s)));
        LiveStateCodec.Split split = LiveStateCodec.encode(s);
        assertEquals(s, LiveStateCodec.decode(split.head(), slot -> slot == 0 ? split.segment(0) : null));
    }

    @Test
    void aStateWithoutOneWritesOneByteForIt() {
        SeriesState without = GoldenSamples.opinionState();
        SeriesState with = GoldenSamples.tailState();
        int levels = AnomalyStats.TAIL_NINES.length;
        assertEquals(8 + 8 * levels + 1, SeriesStateCodec.encode(with).length - SeriesStateCodec.encode(without).length,
                "its weight, a count per level and the excursion's level");
    }

    @Test
    void aNanOrNegativeWeightOrCountIsCorrupt() {
        assertCorrupt(s -> s.anomaly.tailWeight = Double.NaN, "weight is NaN");
        assertCorrupt(s -> s.anomaly.tailWeight = -1, "weight is -1.0");
        assertCorrupt(s -> s.anomaly.tail[3] = Double.POSITIVE_INFINITY, "count is Infinity");
    }

    @Test
    void anotherNumberOfLevelsOrAnExcursionPastThemIsCorrupt() {
        assertCorrupt(s -> s.anomaly.tail = new double[5], "5 levels");
        assertCorrupt(s -> s.anomaly.tailReached = AnomalyStats.TAIL_NINES.length, "reached level");
        assertCorrupt(s -> s.anomaly.tailReached = -2, "reached level -2");
    }

    private static void assertCorrupt(java.util.function.Consumer<SeriesState> spoil, String says) {
        SeriesState s = GoldenSamples.tailState();
        spoil.accept(s);
        byte[] whole = SeriesStateCodec.encode(s);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> SeriesStateCodec.decode(whole));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        byte[] head = LiveStateCodec.encode(s).head();
        e = assertThrows(CorruptDataException.class, () -> LiveStateCodec.decode(head, null));
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
