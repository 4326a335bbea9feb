package io.streamcast.model;

/**
 * One tBPTT window of a series: the hidden state at its start and k2 (input row, target) pairs, with the
 * event times of its first and last target (for provenance and for skipping windows that saw an incident).
 */
public record TrainingWindow(double[] startState, double[][] inputs, double[] targets, long firstTs, long lastTs) {
    public TrainingWindow {
        if (inputs.length != targets.length || inputs.length == 0) {
            throw new IllegalArgumentException("a window needs as many input rows as targets (>= 1), got "
                    + inputs.length + " and " + targets.length);
        }
    }

    public int length() {
        return targets.length;
    }
}
