package io.streamcast.training;

import io.streamcast.model.AdamState;
import io.streamcast.model.Checks;
import io.streamcast.model.FeatureEncoder;
import io.streamcast.model.Forecaster;
import io.streamcast.model.ModelConfig;
import io.streamcast.model.Network;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.StepWorkspace;
import io.streamcast.model.TbpttTrainer;
import io.streamcast.model.TrainerConfig;
import io.streamcast.model.UpdateResult;
import io.streamcast.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains one weight set on history the way the live system sees it: every series becomes (input row,
 * target) pairs exactly as the forecaster builds them, and each series is walked forward in time with
 * its own hidden state carried across windows (tBPTT(k1, k2)), the series taking turns in a seeded random
 * order so the shared weights do not drift towards whichever came last. Carrying the state, rather than
 * starting windows from a short burn-in, keeps training and inference on the same hidden-state path.
 */
public final class OfflineTrainer {
    /** Called after every window: epoch (from 1), windows done in the epoch, windows per epoch, mean loss so far. */
    @FunctionalInterface
    public interface Progress {
        void update(int epoch, int done, int total, double meanLoss);
    }

    /** Summary of a run. */
    public record Result(Weights weights, int epochs, int windowsPerEpoch, List<Double> epochLoss, long accepted,
                         long rejected) {
    }

    private final ModelConfig model;
    private final TrainerConfig config;
    public OfflineTrainer(ModelConfig model, TrainerConfig config) {
        this.model = model;
        this.config = config;
    }

    /** One series' observations. */
    public record SeriesData(String key, long[] ts, double[] values) {
        public SeriesData {
            if (ts.length != values.length) {
                throw new IllegalArgumentException("series " + key + ": " + ts.length + " timestamps but "
                        + values.length + " values");
            }
        }
    }

    private record Pairs(double[][] inputs, double[] targets) {
    }

    private Pairs pairs(SeriesData s) {
        Forecaster f = new Forecaster(model);
        SeriesState st = f.newState();
        Weights any = Weights.initial(model.shape(), model.seed());
        int n = s.values().length;
        double[][] in = new double[Math.max(0, n - 1)][];
        double[] tg = new double[Math.max(0, n - 1)];
        for (int t = 0; t < n; t++) {
            StepResult r = f.step(st, any, s.ts()[t], s.values()[t]);
            if (t > 0) {
                tg[t - 1] = FeatureEncoder.clip(r.target());
            }
            if (t < n - 1) {
                in[t] = f.lastInput().clone();
            }
        }
        return new Pairs(in, tg);
    }

    public Result train(Weights initial, List<SeriesData> series, int epochs, long seed, Progress progress) {
        Checks.positive("epochs", epochs);
        int k1 = config.k1();
        int k2 = config.k2();
        List<Pairs> data = new ArrayList<>();
        int total = 0;
        for (SeriesData s : series) {
            Pairs p = pairs(s);
            if (p.targets.length >= k2) {
                data.add(p);
                total += (p.targets.length - k2) / k1 + 1;
            }
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no series is long enough for one window of k2 = " + k2 + " steps");
        }
        NetworkShape shape = model.shape();
        AdamState adam = new AdamState(shape.parameterCount());
        StepWorkspace ws = new StepWorkspace(shape);
        double[][] states = new double[data.size()][shape.stateSize()];
        int[] cursor = new int[data.size()];
        double[] head = new double[2];
        double[][] wIn = new double[k2][];
        double[] wTg = new double[k2];
        SplittableRandom rnd = new SplittableRandom(seed);
        Weights w = initial;
        List<Double> epochLoss = new ArrayList<>();
        long accepted = 0;
        long rejected = 0;
        List<Integer> order = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            // The step size falls linearly to a tenth over the run: late updates refine instead of jitter.
            double lrScale = epochs == 1 ? 1 : 1 - 0.9 * (epoch - 1) / (epochs - 1.0);
            TbpttTrainer trainer = new TbpttTrainer(shape, config.withLearningRate(config.learningRate() * lrScale));
            for (int i = 0; i < data.size(); i++) {
                java.util.Arrays.fill(states[i], 0);
                cursor[i] = 0;
            }
            double sum = 0;
            int done = 0;
            boolean more = true;
            while (more) {
                more = false;
                order.clear();
                for (int i = 0; i < data.size(); i++) {
                    if (cursor[i] + k2 <= data.get(i).targets.length) {
                        order.add(i);
                    }
                }
                shuffle(order, rnd);
                for (int i : order) {
                    Pairs p = data.get(i);
                    int start = cursor[i];
                    for (int t = 0; t < k2; t++) {
                        wIn[t] = p.inputs[start + t];
                        wTg[t] = p.targets[start + t];
                    }
                    UpdateResult r = trainer.update(w, adam, states[i], wIn, wTg, k2);
                    if (r.accepted()) {
                        w = r.weights();
                        accepted++;
                    } else {
                        rejected++;
                    }
                    if (Double.isFinite(r.lossBefore())) {
                        sum += r.lossBefore();
                    }
                    // Roll this series' state k1 steps on with the current weights: the next window's start.
                    for (int t = start; t < start + k1 && t < p.inputs.length; t++) {
                        Network.step(w, states[i], p.inputs[t], head, ws);
                    }
                    cursor[i] = start + k1;
                    done++;
                    more = true;
                    if (progress != null) {
                        progress.update(epoch, done, total, sum / done);
                    }
                }
            }
            epochLoss.add(sum / Math.max(1, done));
        }
        return new Result(w, epochs, total, epochLoss, accepted, rejected);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
