package io.streamcast.training;

import io.streamcast.model.AdamState;
import io.streamcast.model.FeatureEncoder;
import io.streamcast.model.Network;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.StepWorkspace;
import io.streamcast.model.TbpttTrainer;
import io.streamcast.model.TrainerConfig;
import io.streamcast.model.UpdateResult;
import io.streamcast.model.Weights;

/**
 * Online truncated BPTT for one stream of (input row, target) pairs: every k1 pairs it back-propagates
 * through the last k2, starting from the hidden state at that window's start. That start state is rolled
 * forward k1 steps at a time with the current weights, so the learner keeps only k1 + k2 pairs.
 */
public final class OnlineLearner {
    private final TbpttTrainer trainer;
    private final TrainerConfig config;
    private final AdamState adam;
    private final StepWorkspace workspace;
    private final double[][] inputs;
    private final double[] targets;
    private final double[][] windowInputs;
    private final double[] windowTargets;
    private final double[] startState;
    private final double[] head = new double[2];
    private Weights weights;
    private long pairs;
    private long startIndex;
    private long accepted;
    private long rejected;
    private UpdateResult last;

    public OnlineLearner(Weights initial, TrainerConfig config) {
        NetworkShape shape = initial.shape();
        this.trainer = new TbpttTrainer(shape, config);
        this.config = config;
        this.adam = new AdamState(shape.parameterCount());
        this.workspace = new StepWorkspace(shape);
        int cap = config.k1() + config.k2();
        this.inputs = new double[cap][shape.inputSize()];
        this.targets = new double[cap];
        this.windowInputs = new double[config.k2()][];
        this.windowTargets = new double[config.k2()];
        this.startState = new double[shape.stateSize()];
        this.weights = initial;
    }

    public Weights weights() {
        return weights;
    }

    public long acceptedUpdates() {
        return accepted;
    }

    public long rejectedUpdates() {
        return rejected;
    }

    /** The last update's result, or null before the first. */
    public UpdateResult lastUpdate() {
        return last;
    }

    /**
     * Records that {@code input} was followed by {@code target}; returns the update's result when this
     * pair completed a training step, else null.
     */
    public UpdateResult add(double[] input, double target) {
        int cap = inputs.length;
        int at = (int) (pairs % cap);
        System.arraycopy(input, 0, inputs[at], 0, input.length);
        targets[at] = FeatureEncoder.clip(target);
        pairs++;
        int k2 = config.k2();
        if (pairs < k2 || (pairs - k2) % config.k1() != 0) {
            return null;
        }
        long from = pairs - k2;
        for (; startIndex < from; startIndex++) {
            Network.step(weights, startState, inputs[(int) (startIndex % cap)], head, workspace);
        }
        for (int t = 0; t < k2; t++) {
            int i = (int) ((from + t) % cap);
            windowInputs[t] = inputs[i];
            windowTargets[t] = targets[i];
        }
        last = trainer.update(weights, adam, startState, windowInputs, windowTargets, k2);
        if (last.accepted()) {
            weights = last.weights();
            accepted++;
        } else {
            rejected++;
        }
        return last;
    }
}
