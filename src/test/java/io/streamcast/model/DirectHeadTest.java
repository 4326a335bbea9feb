package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct multi-horizon head: the window it reads is the inputs themselves, the fit is the minimum of its ridge
 * loss (finite differences), it learns what the seasonal-naive forecast misses on a known signal, it gives the same
 * bits for the same input, it survives its file, and the forecaster mixes it in only where it is asked to.
 */
class DirectHeadTest {
    private static final long HOUR = 3_600_000L;
    private static final DirectConfig SMALL = new DirectConfig(48, 24, 1.0, 2, 2, 0.5);

    @Test
    void theWindowReadBackInDataUnitsIsTheInputs() {
        ModelConfig config = config(SMALL, 96);
        double[] x = series(700, 3, 1000, 0.03);
        SeriesState s = stepped(new Forecaster(config), x);
        double[] back = new double[config.window()];
        int n = s.windowData(config.normaliser(), back);
        assertEquals(96, n);
        for (int i = 0; i < n; i++) {
            double want = x[x.length - n + i];
            assertEquals(want, back[i], 1e-9 * Math.abs(want), "input " + i + " of the window");
        }
    }

    @Test
    void aYoungKeysWindowIsReadBackFromItsFirstEventAndThroughAFlatStart() {
        // 30 equal values (the variance below its floor) then a cycle: 60 inputs in a ring of 96.
        ModelConfig config = config(SMALL, 96);
        double[] x = series(60, 4, 40, 0.02);
        java.util.Arrays.fill(x, 0, 30, 40.0);
        SeriesState s = stepped(new Forecaster(config), x);
        double[] back = new double[config.window()];
        assertEquals(60, s.windowData(config.normaliser(), back));
        for (int i = 0; i < 60; i++) {
            assertEquals(x[i], back[i], 1e-9 * Math.abs(x[i]), "input " + i);
        }
    }

    @Test
    void aKeyTooYoungToScoreTheHeadForecastsAheadWithoutIt() {
        ModelConfig config = config(SMALL, 96);
        DirectHead head = fitOn(config, 8, 400).solve();
        Weights w = weights(config);
        // The head reads 48 inputs and is scored on the 24 after them: from 48 to 71 inputs it cannot be.
        for (int n : new int[] {50, 60, 71, 72, 90}) {
            Forecaster with = new Forecaster(config, head);
            SeriesState s = stepped(with, series(n, 5, 60, 0.01));
            double[] a = ahead(with, s, w, true);
            for (double v : a) {
                assertTrue(Double.isFinite(v), n + " inputs: " + Arrays.toString(a));
            }
            double[] plain = ahead(new Forecaster(config), s, w, true);
            assertEquals(n < 72, Arrays.equals(a, plain), n + " inputs");
        }
    }

    @Test
    void theFitIsTheMinimumOfItsRidgeLossByFiniteDifferences() {
        DirectConfig c = new DirectConfig(12, 3, 0.5, 1, 1, 0.5);
        ModelConfig config = config(c, 15 + 12, 4);
        DirectHeadFit fit = fitOn(config, 6, 120);
        double[] coef = fit.solve().coefficients();
        double eps = 1e-4;
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < coef.length; i++) {
            double[] up = coef.clone();
            double[] down = coef.clone();
            up[i] += eps;
            down[i] -= eps;
            double grad = (fit.objective(up) - fit.objective(down)) / (2 * eps);
            worst = Math.max(worst, Math.abs(grad));
            double[] zero = new double[coef.length];
            double[] zeroUp = zero.clone();
            zeroUp[i] = eps;
            scale = Math.max(scale, Math.abs((fit.objective(zeroUp) - fit.objective(zero)) / eps));
            // The loss is convex: any step away from the fit raises it.
            assertTrue(fit.objective(up) > fit.objective(coef) && fit.objective(down) > fit.objective(coef));
        }
        assertTrue(scale > 1, "the loss must depend on the coefficients (slope at 0: " + scale + ")");
        assertTrue(worst < 1e-6 * scale, "the loss's slope at the fit is " + worst + " against " + scale + " at 0");
    }

    @Test
    void itLearnsTheTrendTheSeasonalNaiveForecastMisses() {
        // Daily cycles on linear trends of different slopes and scales: the seasonal-naive forecast misses a day
        // of trend at every step, which a head fitted across the series learns to add.
        ModelConfig config = config(SMALL, 96);
        DirectHeadFit fit = fitOn(config, 20, 400);
        DirectHead head = fit.solve();
        double[] features = new double[head.scratchSize()];
        double[] out = new double[SMALL.horizon()];
        double headErr = 0;
        double seasonalErr = 0;
        double naiveErr = 0;
        for (int k = 0; k < 10; k++) {
            double[] x = series(300 + SMALL.horizon(), 100 + k, 50 + 10 * k, 0.015 * (k % 4) - 0.025);
            int end = 300;
            head.forecast(x, end, features, out);
            for (int h = 0; h < SMALL.horizon(); h++) {
                double y = x[end + h];
                headErr += sq(out[h] - y);
                seasonalErr += sq(x[end - 24 + h % 24] - y);
                naiveErr += sq(x[end - 1] - y);
            }
        }
        double vsSeasonal = headErr / seasonalErr;
        System.out.printf("direct head on held-out trending cycles: MSE %.3f× seasonal naive, %.3f× naive%n",
                vsSeasonal, headErr / naiveErr);
        // Near 0.2 is what is left: the noise in the value forecast, and the seasonal-naive one carries two noises.
        assertTrue(vsSeasonal < 0.3, "head MSE " + headErr + " against seasonal naive " + seasonalErr);
        assertTrue(headErr < 0.05 * naiveErr, "head MSE " + headErr + " against naive " + naiveErr);
    }

    @Test
    void theSameInputGivesTheSameHeadBitForBitAndItsFileGivesItBack() {
        ModelConfig config = config(SMALL, 96);
        DirectHead a = fitOn(config, 5, 300).solve();
        DirectHead b = fitOn(config, 5, 300).solve();
        assertArrayEquals(a.coefficients(), b.coefficients());
        byte[] bytes = DirectHeadCodec.encode(a);
        DirectHead read = DirectHeadCodec.decode(bytes, SMALL, 24);
        assertArrayEquals(a.coefficients(), read.coefficients());
        // With a hidden layer: trained from the same seed to the same bits, and through the file.
        DirectConfig layered = new DirectConfig(48, 24, 1.0, 2, 2, 0.5, 8, 3);
        ModelConfig withLayer = config(layered, 96);
        DirectHead c = fitOn(withLayer, 5, 300).solve();
        assertArrayEquals(c.mlp().parameters(), fitOn(withLayer, 5, 300).solve().mlp().parameters());
        DirectHead readC = DirectHeadCodec.decode(DirectHeadCodec.encode(c), layered, 24);
        assertArrayEquals(c.mlp().parameters(), readC.mlp().parameters());
        double[] x = series(200, 9, 50, 0.01);
        double[] fc = new double[24];
        double[] fr = new double[24];
        c.forecast(x, 200, new double[c.scratchSize()], fc);
        readC.forecast(x, 200, new double[readC.scratchSize()], fr);
        assertArrayEquals(fc, fr, 0);
        assertThrows(IllegalArgumentException.class, () -> DirectHeadCodec.decode(DirectHeadCodec.encode(c), SMALL,
                24), "a file with a hidden layer for a spec without one");
        // Three seeds: the mean of the layers seeds 1, 2 and 3 (the config's seed and the next two) train alone.
        DirectConfig three = new DirectConfig(48, 24, 1.0, 2, 2, 0.5, 8, 3, 3);
        DirectHead e = fitOn(config(three, 96), 5, 300).solve();
        java.util.List<DirectMlp> members = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            members.add(fitOn(config(layered, 96).withSeed(seed), 5, 300).solve().mlp());
        }
        assertArrayEquals(DirectMlp.mean(members).parameters(), e.mlp().parameters());
        assertArrayEquals(c.mlp().parameters(), members.get(0).parameters(), "the first member is the one-seed layer");
        DirectHead readE = DirectHeadCodec.decode(DirectHeadCodec.encode(e), three, 24);
        assertArrayEquals(e.mlp().parameters(), readE.mlp().parameters());
        // Its forecast is the linear map's plus the members' mean, within rounding; and a forecaster takes it.
        double[] fe = new double[24];
        e.forecast(x, 200, new double[e.scratchSize()], fe);
        double[] linear = new double[24];
        new DirectHead(SMALL, 24, e.coefficients()).forecast(x, 200, new double[SMALL.lookback() + 1], linear);
        double[] expected = linear.clone();
        for (DirectMlp m : members) {
            double[] one = new double[24];
            new DirectHead(layered, 24, e.coefficients(), m).forecast(x, 200, new double[c.scratchSize()], one);
            for (int k = 0; k < 24; k++) {
                expected[k] += (one[k] - linear[k]) / members.size();
            }
        }
        for (int k = 0; k < 24; k++) {
            assertEquals(expected[k], fe[k], 1e-9 * Math.abs(fe[k]), "step " + k);
        }
        Forecaster withThree = new Forecaster(config(three, 96), readE);
        SeriesState s3 = stepped(withThree, series(400, 99, 80, 0.01));
        double[] aheadWith = ahead(withThree, s3, weights(config(three, 96)), true);
        double[] aheadWithout = ahead(withThree, s3, weights(config(three, 96)), false);
        assertTrue(java.util.Arrays.stream(aheadWith).allMatch(Double::isFinite));
        assertFalse(java.util.Arrays.equals(aheadWith, aheadWithout), "the three-seed head changes the steps ahead");
        IllegalArgumentException seeds = assertThrows(IllegalArgumentException.class,
                () -> DirectHeadCodec.decode(DirectHeadCodec.encode(e), layered, 24));
        assertTrue(seeds.getMessage().contains("seeds 3"), seeds.getMessage());
        // Format 2 (before seeds): the same fields without the seed count, read as one seed.
        byte[] v3 = DirectHeadCodec.encode(c);
        java.nio.ByteBuffer v2 = BinaryFormat.begin(v3.length - 10 - 4, DirectHeadCodec.MAGIC, (short) 2);
        java.nio.ByteBuffer from = java.nio.ByteBuffer.wrap(v3, 6, v3.length - 6 - 4);
        byte[] fields = new byte[4 + 4 + 8 + 4 + 4 + 4 + 4];
        from.get(fields);
        v2.put(fields);
        from.getInt(); // the seed count format 2 does not have
        byte[] rest = new byte[from.remaining()];
        from.get(rest);
        v2.put(rest);
        assertArrayEquals(c.mlp().parameters(),
                DirectHeadCodec.decode(BinaryFormat.finish(v2), layered, 24).mlp().parameters());
        // Format 1 (before the hidden layer): the same fields without the two counts and the layer.
        double[] coef = a.coefficients();
        java.nio.ByteBuffer v1 = BinaryFormat.begin(4 + 4 + 8 + 4 + 4 + 4 + 8 * coef.length, DirectHeadCodec.MAGIC,
                (short) 1);
        v1.putInt(48).putInt(24).putDouble(1.0).putInt(2).putInt(24).putInt(coef.length);
        for (double v : coef) {
            v1.putDouble(v);
        }
        assertArrayEquals(coef, DirectHeadCodec.decode(BinaryFormat.finish(v1), SMALL, 24).coefficients());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> DirectHeadCodec.decode(bytes, new DirectConfig(48, 24, 2.0, 2, 2, 0.5), 24));
        assertTrue(other.getMessage().contains("fit it again"), other.getMessage());
        bytes[40] ^= 1;
        assertThrows(CorruptDataException.class, () -> DirectHeadCodec.decode(bytes, SMALL, 24));
    }

    @Test
    void forecastsAheadMixTheHeadInOnlyWhereItIsAsked() {
        ModelConfig config = config(SMALL, 96);
        DirectHead head = fitOn(config, 8, 400).solve();
        Forecaster with = new Forecaster(config, head);
        Forecaster twin = new Forecaster(config, head);
        Forecaster without = new Forecaster(config);
        Weights w = weights(config);
        SeriesState s = stepped(with, series(400, 99, 80, 0.01));
        double[] a = ahead(with, s, w, true);
        double[] b = ahead(twin, s.copy(), w, true);
        double[] plain = ahead(with, s, w, false);
        assertArrayEquals(a, b, "the same state and head give the same bits");
        assertArrayEquals(plain, ahead(without, s, w, true), "without the head: the forecaster's own forecast");
        assertFalse(Arrays.equals(a, plain));
        for (double v : a) {
            assertTrue(Double.isFinite(v), Arrays.toString(a));
        }
        assertEquals(plain[0], a[0], 0, "step 1 is the key's own next forecast");
        for (int h = 24; h < 30; h++) {
            assertEquals(plain[h], a[h], 0, "past the head's horizon the forecast is as without it");
        }
    }

    @Test
    void aWindowTooShortForTheHeadIsRefusedWithWhatItNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(SMALL, 80));
        assertTrue(e.getMessage().contains("at least 96"), e.getMessage());
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class, () -> new ModelConfig(
                CellType.GRU, 8, 1, TimeFeatures.DAY, false, new NormaliserConfig(168, 24, 1e-6), 0.95, 96, 1, true,
                24, 0, 0, new Combination(false, 24, 24, 0, SMALL)));
        assertTrue(off.getMessage().contains("forecast.combine: true"), off.getMessage());
        IllegalArgumentException fast = assertThrows(IllegalArgumentException.class, () -> new ModelConfig(
                CellType.GRU, 8, 1, TimeFeatures.DAY, false, new NormaliserConfig(5, 24, 1e-6), 0.95, 96, 1, true,
                24, 0, 0, new Combination(true, 24, 24, 0, SMALL)));
        assertTrue(fast.getMessage().contains("halfLife"), fast.getMessage());
    }

    private static Weights weights(ModelConfig config) {
        return Weights.initial(config.shape(), 7);
    }

    /** A fresh key's state after the values of {@code x}, an hour apart. */
    private static SeriesState stepped(Forecaster f, double[] x) {
        Weights w = weights(f.config());
        SeriesState s = f.newState();
        for (int i = 0; i < x.length; i++) {
            f.step(s, w, i * HOUR, x[i]);
        }
        return s;
    }

    private static double[] ahead(Forecaster f, SeriesState s, Weights w, boolean withHead) {
        double[] means = new double[30];
        f.forecastAhead(s, w, HOUR, means, new double[30], withHead);
        return means;
    }

    /** Stepped series of {@code n} events each, through a forecaster, into a fit of the config's head. */
    private static DirectHeadFit fitOn(ModelConfig config, int series, int n) {
        DirectHeadFit fit = new DirectHeadFit(config);
        Forecaster f = new Forecaster(config);
        Weights w = weights(config);
        for (int k = 0; k < series; k++) {
            SeriesState s = f.newState();
            double[] x = series(n, k, 20 + 30 * k, 0.02 * (k % 5) - 0.04);
            for (int i = 0; i < n; i++) {
                f.step(s, w, i * HOUR, x[i]);
                fit.add(s);
            }
        }
        return fit;
    }

    /** A daily cycle of amplitude level/5 on a trend of {@code slope} × level a day, with noise of 1 % of the level. */
    private static double[] series(int n, long seed, double level, double slope) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = level * (1 + slope * i / 24) + level / 5 * Math.sin(2 * Math.PI * i / 24)
                    + 0.01 * level * rnd.nextGaussian();
        }
        return x;
    }

    private static ModelConfig config(DirectConfig direct, int window) {
        return config(direct, window, 24);
    }

    private static ModelConfig config(DirectConfig direct, int window, int season) {
        return new ModelConfig(CellType.GRU, 8, 1, TimeFeatures.DAY, false, new NormaliserConfig(168, 24, 1e-6), 0.95,
                window, 1, true, season, 0, 0, new Combination(true, 24, season, 0, direct));
    }

    private static double sq(double x) {
        return x * x;
    }
}
