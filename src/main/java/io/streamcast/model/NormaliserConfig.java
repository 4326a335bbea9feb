package io.streamcast.model;

/**
 * Per-key exponentially weighted normaliser.
 *
 * @param halfLife      events after which an observation's weight has halved
 * @param warmup        events before forecasts count (scores are not produced before)
 * @param varianceFloor smallest variance used, in data units squared, so flat lines do not divide by zero
 */
public record NormaliserConfig(double halfLife, int warmup, double varianceFloor) {
    public NormaliserConfig {
        Checks.positive("model.normaliser.halfLife", halfLife);
        Checks.inRange("model.normaliser.warmup", warmup, 0, 1_000_000);
        Checks.positive("model.normaliser.varianceFloor", varianceFloor);
    }

    public static NormaliserConfig defaults() {
        return new NormaliserConfig(500, 20, 1e-6);
    }

    /** Per-event weight of the newest observation once past the first 1/alpha events. */
    double alpha() {
        return 1 - Math.pow(2, -1 / halfLife);
    }
}
