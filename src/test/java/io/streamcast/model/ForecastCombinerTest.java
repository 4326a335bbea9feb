package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The blend of the network's forecast with the naive and seasonal-naive ones: a key whose network forecasts badly
 * ends near the naive forecast's error, a key whose network is good keeps it, the anomaly path sees the network's
 * own forecast whatever the blend does, and the blend's state survives the codec bit for bit.
 */
class ForecastCombinerTest {
    private static final long MINUTE = 60_000L;

    @Test
    void aNetworkWorseThanNaiveIsBlendedDownToAboutTheNaiveError() {
        // Level forecasts (no residual) of an untrained network on a random walk: far worse than the last value.
        double[] walk = randomWalk(3000, 5);
        double off = mae(config(false, Combination.OFF), walk);
        double on = mae(config(false, new Combination(true, 24, 0)), walk);
        double naive = naiveMae(walk);
        assertTrue(off > 2 * naive, "the test needs a bad network: " + off + " vs naive " + naive);
        assertTrue(on < 1.1 * naive, "blended " + on + " vs naive " + naive + " (network alone " + off + ")");
    }

    @Test
    void aSeasonalSeriesLeansOnTheSeasonalNaiveForecast() {
        double[] daily = new double[3000];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < daily.length; i++) {
            daily[i] = 50 + 20 * Math.sin(2 * Math.PI * i / 24) + 0.5 * rnd.nextGaussian();
        }
        double without = mae(config(false, new Combination(true, 24, 0)), daily);
        double with = mae(config(false, new Combination(true, 24, 24)), daily);
        assertTrue(with < 0.5 * without, "with the seasonal candidate " + with + ", without " + without);
    }

    @Test
    void forecastsManyStepsAheadLeanOnTheSeasonalNaiveWhenTheNetworkIsWorse() {
        double off = aheadError(Combination.OFF);
        double on = aheadError(new Combination(true, 24, 24));
        assertTrue(on < 0.5 * off, "48 steps ahead, blended " + on + " vs the network alone " + off);
    }

    @Test
    void aWeeklyCycleAheadLeansOnTheSecondSeason() {
        // A weekly cycle on hourly steps: the same hour yesterday misses by the day's drift along the week.
        double daily = aheadError(new Combination(true, 24, 24), 336, ForecastCombinerTest::weekly);
        double both = aheadError(new Combination(true, 24, 24, 168), 336, ForecastCombinerTest::weekly);
        assertTrue(both < 0.5 * daily, "48 steps ahead, with the week " + both + " vs the day alone " + daily);
        // On a daily cycle the week adds nothing to lean on, and must not make it worse.
        double dailyOnDaily = aheadError(new Combination(true, 24, 24), 336, ForecastCombinerTest::cycle);
        double bothOnDaily = aheadError(new Combination(true, 24, 24, 168), 336, ForecastCombinerTest::cycle);
        assertTrue(bothOnDaily < 1.1 * dailyOnDaily, "daily cycle: " + bothOnDaily + " vs " + dailyOnDaily);
    }

    private static double weekly(int i) {
        return 50 + 20 * Math.sin(2 * Math.PI * i / 168);
    }

    /** Mean absolute error of 48 steps ahead of a noisy daily cycle, against the cycle itself. */
    private static double aheadError(Combination c) {
        return aheadError(c, 64, ForecastCombinerTest::cycle);
    }

    /** Mean absolute error of 48 steps ahead of a noisy signal, against the signal itself. */
    private static double aheadError(Combination c, int window, java.util.function.IntToDoubleFunction signal) {
        ModelConfig config = config(false, c, window);
        Forecaster f = new Forecaster(config);
        Weights w = Weights.initial(config.shape(), 7);
        SeriesState s = f.newState();
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 1000;
        for (int i = 0; i < n; i++) {
            f.step(s, w, i * MINUTE, signal.applyAsDouble(i) + 0.5 * rnd.nextGaussian());
        }
        double[] means = new double[48];
        f.forecastAhead(s, w, MINUTE, means, new double[48]);
        double sum = 0;
        for (int h = 0; h < means.length; h++) {
            sum += Math.abs(means[h] - signal.applyAsDouble(n + h));
        }
        return sum / means.length;
    }

    private static double cycle(int i) {
        return 50 + 20 * Math.sin(2 * Math.PI * i / 24);
    }

    @Test
    void theBlendWeighsEachCandidateByItsSquaredErrorToThePowerMinusFour() {
        ForecastCombiner c = new ForecastCombiner(new Combination(true, 24, 0));
        SeriesState s = new SeriesState(4, 8);
        s.combScored = ForecastCombiner.WARMUP;
        s.candModel = 10;
        s.candNaive = 20;
        s.errModel = 1;
        s.errNaive = 4;
        double wn = Math.pow(0.25, 4);
        assertEquals((10 * 1.0 + 20 * wn) / (1 + wn), c.blend(s), 1e-12);
        s.errModel = 1e300;
        s.errNaive = 4e300;
        assertEquals((10 * 1.0 + 20 * wn) / (1 + wn), c.blend(s), 1e-12, "scale-free: no overflow or underflow");
        s.combScored = ForecastCombiner.WARMUP - 1;
        assertEquals(10, c.blend(s), 0, "until warm the network's forecast is emitted");
    }

    @Test
    void anomaliesJudgeTheNetworksForecastWhateverTheBlend() {
        double[] walk = randomWalk(500, 9);
        ModelConfig plain = config(true, Combination.OFF);
        ModelConfig blended = config(true, new Combination(true, 24, 0));
        Weights w = Weights.initial(plain.shape(), 7);
        Forecaster a = new Forecaster(plain);
        Forecaster b = new Forecaster(blended);
        SeriesState sa = a.newState();
        SeriesState sb = b.newState();
        boolean differed = false;
        for (int i = 0; i < walk.length; i++) {
            StepResult ra = a.step(sa, w, i * MINUTE, walk[i]);
            StepResult rb = b.step(sb, w, i * MINUTE, walk[i]);
            assertEquals(ra.previous().mean(), rb.judged().mean(), 0, "event " + i);
            assertEquals(ra.previous().scale(), rb.judged().scale(), 0, "event " + i);
            differed |= ra.previous().mean() != rb.previous().mean();
        }
        assertTrue(differed, "the emitted forecasts should differ once the blend is warm");
    }

    @Test
    void theBlendSurvivesTheCodecBitForBit() {
        double[] walk = randomWalk(400, 11);
        ModelConfig c = config(true, new Combination(true, 24, 12));
        Weights w = Weights.initial(c.shape(), 7);
        Forecaster f = new Forecaster(c);
        SeriesState straight = f.newState();
        SeriesState restored = f.newState();
        for (int i = 0; i < walk.length; i++) {
            StepResult r1 = f.step(straight, w, i * MINUTE, walk[i]);
            restored = SeriesStateCodec.decode(SeriesStateCodec.encode(restored));
            StepResult r2 = f.step(restored, w, i * MINUTE, walk[i]);
            assertEquals(Double.doubleToLongBits(r1.next().mean()), Double.doubleToLongBits(r2.next().mean()));
        }
        assertEquals(straight, restored);
    }

    private static double mae(ModelConfig c, double[] y) {
        Forecaster f = new Forecaster(c);
        Weights w = Weights.initial(c.shape(), 7);
        SeriesState s = f.newState();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            StepResult r = f.step(s, w, i * MINUTE, y[i]);
            if (i >= 500) {
                sum += Math.abs(y[i] - r.previous().mean());
                n++;
            }
        }
        return sum / n;
    }

    private static double naiveMae(double[] y) {
        double sum = 0;
        for (int i = 500; i < y.length; i++) {
            sum += Math.abs(y[i] - y[i - 1]);
        }
        return sum / (y.length - 500);
    }

    private static double[] randomWalk(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n];
        double v = 100;
        for (int i = 0; i < n; i++) {
            v += rnd.nextGaussian();
            y[i] = v;
        }
        return y;
    }

    private static ModelConfig config(boolean residual, Combination c) {
        return config(residual, c, 64);
    }

    private static ModelConfig config(boolean residual, Combination c, int window) {
        return new ModelConfig(CellType.GRU, 8, 1, TimeFeatures.NONE, false, NormaliserConfig.defaults(), 0.95, window,
                1, residual, 1, 0, 0, c);
    }
}
