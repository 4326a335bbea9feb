package io.streamcast.model;

/**
 * What one tBPTT update did.
 *
 * @param accepted   whether the new weights were taken
 * @param reason     why it was rejected (null when accepted)
 * @param lossBefore mean loss over the window under the old weights
 * @param lossAfter  mean loss over the window under the candidate weights (NaN when not computed)
 * @param gradNorm   the global gradient norm before clipping
 * @param weights    the new weights when accepted, else the old ones unchanged
 */
public record UpdateResult(boolean accepted, String reason, double lossBefore, double lossAfter,
                           double gradNorm, Weights weights) {
    static UpdateResult rejected(String reason, double lossBefore, double lossAfter, double gradNorm, Weights old) {
        return new UpdateResult(false, reason, lossBefore, lossAfter, gradNorm, old);
    }
}
