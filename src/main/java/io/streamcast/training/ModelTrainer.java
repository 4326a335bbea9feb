package io.streamcast.training;

import io.streamcast.model.AdamState;
import io.streamcast.model.GradientStep;
import io.streamcast.model.TbpttTrainer;
import io.streamcast.model.TrainerConfig;
import io.streamcast.model.TrainingWindow;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;

/**
 * The per-model half of online training, without Kafka: learns every window it is given (tBPTT from the
 * window's start state, one guarded Adam step), each followed by one replayed from a uniform sample of past
 * windows, always at the newest weights; and when asked, judges the candidate against the published version
 * on a uniform sample of held-back canary windows. A candidate is published only when it is finite, has not
 * exploded (the trainer's guard factor) and is not worse than the published version by more than the canary
 * margin. A broken candidate is dropped for the published weights; one that is merely not better yet trains
 * on. The training topology's aggregation drives one per model key; so does a backtest's in-line training.
 */
public final class ModelTrainer {
    /** What the trainer reports as it goes: the topology counts and logs these. */
    public interface Events {
        Events NONE = new Events() {
        };

        default void trained(double loss) {
        }

        default void rejectedWindow(String reason) {
        }

        default void misfit(String reason) {
        }

        default void waiting(int needed, int have) {
        }

        default void refusedGuard(String reason) {
        }

        default void refusedCanary(String reason) {
        }
    }

    /**
     * A version to publish and what made it.
     *
     * @param weights      the candidate with its new version number
     * @param windows      windows learnt since the parent (replays not counted)
     * @param trainingLoss mean loss of the steps taken
     * @param canaryLoss   the candidate's mean loss on the canary sample
     * @param parentLoss   the published version's on the same sample
     * @param dataFrom     first event time of the windows learnt
     * @param dataTo       last event time
     */
    public record Candidate(Weights weights, long parent, long windows, double trainingLoss, double canaryLoss,
                            double parentLoss, long dataFrom, long dataTo) {
    }

    private final PipelineSpec.Training training;
    private final TrainerConfig config;
    private final GradientStep stepper;
    private final TbpttTrainer trainer;
    private final WindowReservoir canaries;
    private final WindowReservoir replay;
    private final Events events;
    private Weights published;
    private Weights current;
    private AdamState adam;
    private long steps;
    private long windows;
    private double lossSum;
    private long dataFrom;
    private long dataTo;
    private long lastAttempt;

    public ModelTrainer(PipelineSpec spec, String modelKey, Weights from, long now, Events events) {
        this.training = spec.training();
        this.config = training.onlineConfig();
        this.stepper = new GradientStep(spec.modelConfig().shape(), config);
        this.trainer = new TbpttTrainer(spec.modelConfig().shape(), config);
        long seed = spec.modelConfig().seed() ^ modelKey.hashCode();
        this.canaries = new WindowReservoir(training.canaryWindows(), seed);
        this.replay = new WindowReservoir(training.replayWindows(), seed + 1);
        this.events = events;
        restart(from, now, false);
    }

    /** The version keys forecast with. */
    public Weights published() {
        return published;
    }

    /** Moves to a newer version published elsewhere (another task, {@code train --publish}); Adam starts afresh. */
    public void follow(Weights onTopic, long now) {
        if (onTopic.version() > published.version()) {
            restart(onTopic, now, false);
        }
    }

    public void holdBack(TrainingWindow canary) {
        canaries.offer(canary);
    }

    /**
     * Learns one window, then one from the replay sample, so the model keeps seeing the whole cycle.
     *
     * @return whether {@code publishEvery} windows have been learnt since the last attempt to publish
     */
    public boolean learn(TrainingWindow w) {
        if (w.startState().length != current.shape().stateSize()
                || w.inputs()[0].length != current.shape().inputSize() || w.length() > config.k2()) {
            events.misfit("a training window does not fit " + current.shape());
            return false;
        }
        TrainingWindow old = replay.pick();
        if (!step(w)) {
            return false;
        }
        windows++;
        replay.offer(w);
        if (old != null) {
            step(old);
        }
        return windows >= training.publishEvery();
    }

    /** Whether {@code publishIntervalMs} has passed since the last attempt with at least one step taken. */
    public boolean intervalDue(long now) {
        return steps > 0 && now - lastAttempt >= training.publishIntervalMs();
    }

    /** Judges the current weights on the canaries: the candidate to publish, which becomes the published version, or null. */
    public Candidate attempt(long now) {
        int needed = Math.max(1, training.canaryWindows() / 2);
        if (canaries.size() < needed) {
            // A handful of canaries cannot tell a better candidate from a lucky one.
            events.waiting(needed, canaries.size());
            return null;
        }
        double candidate = canaryLoss(current);
        double parent = canaryLoss(published);
        // The squared error is not checked too: an untrained model's mean gets worse before it gets better,
        // while the loss falls throughout, and such a check kept it from ever being promoted.
        if (!Double.isFinite(candidate)) {
            events.refusedGuard("its canary loss is not finite (" + candidate + ")");
            restart(published, now, false);
            return null;
        }
        if (candidate - parent > config.lossGuardFactor() * (Math.abs(parent) + 1)) {
            events.refusedGuard("its canary loss exploded from " + parent + " to " + candidate);
            restart(published, now, false);
            return null;
        }
        if (candidate > parent + training.canaryMargin() * (Math.abs(parent) + 1)) {
            events.refusedCanary(String.format("it is worse on the %d held-back windows (loss %.5f vs %.5f for "
                    + "version %d)", canaries.size(), candidate, parent, published.version()));
            // Merely not better yet: training on from here kept far more of the learning than going back.
            startAttempt(now);
            return null;
        }
        Candidate c = new Candidate(current.withVersion(published.version() + 1), published.version(), windows,
                lossSum / steps, candidate, parent, dataFrom, dataTo);
        restart(c.weights(), now, true);
        return c;
    }

    private boolean step(TrainingWindow w) {
        GradientStep.Result r = stepper.learn(trainer, current, adam, w);
        if (!r.accepted()) {
            events.rejectedWindow(r.reason());
            return false;
        }
        current = r.weights();
        events.trained(r.loss());
        steps++;
        lossSum += r.loss();
        dataFrom = Math.min(dataFrom, w.firstTs());
        dataTo = Math.max(dataTo, w.lastTs());
        return true;
    }

    private double canaryLoss(Weights w) {
        double sum = 0;
        for (TrainingWindow c : canaries.all()) {
            sum += trainer.loss(w, c.startState(), c.inputs(), c.targets(), c.length());
        }
        return sum / canaries.size();
    }

    /** Starts again from a published version; Adam's moments carry on only along our own line. */
    private void restart(Weights from, long now, boolean keepMoments) {
        published = from;
        current = from;
        if (!keepMoments || adam == null) {
            adam = new AdamState(from.size());
        }
        dataFrom = Long.MAX_VALUE;
        dataTo = Long.MIN_VALUE;
        startAttempt(now);
    }

    /** Counts the next publishEvery windows (or publishIntervalMs) towards the next candidate. */
    private void startAttempt(long now) {
        steps = 0;
        windows = 0;
        lossSum = 0;
        lastAttempt = now;
    }
}
