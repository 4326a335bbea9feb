package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fixed objects the golden files encode. Every value is set by hand (short binary fractions, no maths
 * library calls), so the same bits come out on every JVM and platform.
 */
public final class GoldenSamples {
    public static final long T0 = 1_700_000_000_000L;
    public static final long MINUTE = 60_000L;

    private GoldenSamples() {
    }

    /** A series state mid-stream: its ring has wrapped and an incident is open. */
    public static SeriesState state() {
        SeriesState s = new SeriesState(4, 6);
        s.modelVersion = 7;
        s.steps = 260;
        s.lastEventTime = T0 + 259 * MINUTE;
        s.normCount = 260;
        s.normMean = 10.25;
        s.normVar = 0.5625;
        s.forecastMean = 10.5;
        s.forecastScale = 0.25;
        s.calibration = 1.0625;
        s.hidden[0] = -0.5;
        s.hidden[1] = 0.25;
        s.hidden[2] = 0.125;
        s.hidden[3] = -0.0625;
        AnomalyStats a = s.anomaly;
        a.seen = 260;
        a.lastValue = 12.5;
        a.flatRun = 2;
        a.longestFlatRun = 5;
        a.scored = 250;
        a.typicalMiss = 0.375;
        a.shortDeviation = 1.125;
        a.rootMean = 0.75;
        a.rootVariance = 0.0625;
        a.lastLikelihood = 0.9990234375;
        a.incident = AnomalyStats.Incident.SURPRISE;
        a.quietRun = 3;
        for (int i = 0; i < 8; i++) {
            s.push((i - 4) / 8.0, T0 + (252 + i) * MINUTE);
        }
        return s;
    }

    /** {@link #state()} with a forecast combination under way: the sample of {@code state-v3.bin}. */
    public static SeriesState combinedState() {
        SeriesState s = state();
        s.candModel = 10.5;
        s.candNaive = 12.5;
        s.candSeasonal = 9.75;
        s.errModel = 0.5;
        s.errNaive = 0.375;
        s.errSeasonal = 1.25;
        s.combScored = 236;
        s.seasonalScored = 200;
        return s;
    }

    /** {@link #combinedState()} with the anomaly score's seasonal second opinion warm: what format 4 adds. */
    public static SeriesState opinionState() {
        SeriesState s = combinedState();
        s.anomaly.seasonalScored = 180;
        s.anomaly.typicalSeasonalMiss = 0.625;
        return s;
    }

    /** {@link #opinionState()} keeping the empirical tail ({@code anomaly.tailHalfLife}): what format 5 adds. */
    public static SeriesState tailState() {
        SeriesState s = opinionState();
        s.anomaly.startTail();
        s.anomaly.tailWeight = 1000.5;
        for (int i = 0; i < s.anomaly.tail.length; i++) {
            s.anomaly.tail[i] = 64.0 / (1 << i) + 0.25;
        }
        s.anomaly.tailReached = 3;
        return s;
    }

    /** The direct head's config of {@link #directHead()}: lookback 4, horizon 3, a layer of 2 units from 2 seeds. */
    public static final DirectConfig DIRECT = new DirectConfig(4, 3, 1.0, 1, 1, 0.5, 2, 1, 2);

    /** A small direct head with fixed coefficients and a hidden layer of two seeds' units (season 2). */
    public static DirectHead directHead() {
        double[] coef = new double[(DIRECT.lookback() + 1) * DIRECT.horizon()];
        for (int i = 0; i < coef.length; i++) {
            coef[i] = 0.01 * (i - 7) + 1.0 / (i + 3);
        }
        double[] layer = new double[DirectMlp.size(DIRECT.lookback(), DIRECT.hiddenUnits(), DIRECT.horizon())];
        for (int i = 0; i < layer.length; i++) {
            layer[i] = Math.sin(i + 0.5) / 3;
        }
        return new DirectHead(DIRECT, 2, coef, new DirectMlp(DIRECT.lookback(), DIRECT.hiddenUnits(),
                DIRECT.horizon(), layer));
    }

    /** The weights of {@code weights-v1.bin}: seeded Glorot init is only sqrt and products, so exact everywhere. */
    public static Weights weights() {
        return Weights.initial(GoldenFilesTest.CONFIG.shape(), 99).withVersion(7);
    }

    public static TrainingWindow trainingWindow() {
        double[][] inputs = {{0.5, -1.0}, {0.25, 0.75}, {-0.125, 2.0}};
        return new TrainingWindow(new double[] {0.5, -0.25, 0.125, 0.0}, inputs, new double[] {0.25, -0.5, 1.5},
                T0 + MINUTE, T0 + 3 * MINUTE);
    }

    /** A record's arrays compare by reference, so a decoded window is compared field by field. */
    public static void assertSameWindow(TrainingWindow expected, TrainingWindow w) {
        assertArrayEquals(expected.startState(), w.startState());
        assertArrayEquals(expected.inputs(), w.inputs());
        assertArrayEquals(expected.targets(), w.targets());
        assertEquals(expected.firstTs(), w.firstTs());
        assertEquals(expected.lastTs(), w.lastTs());
    }
}
