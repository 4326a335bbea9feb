package io.streamcast.eval.nab;

import java.util.List;

/**
 * A NAB application profile: the weights of a window's reward, a false positive's cost and a missed
 * window's cost. The three standard profiles are NAB's {@code config/profiles.json}.
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
    public static final NabProfile REWARD_LOW_FP_RATE = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final NabProfile REWARD_LOW_FN_RATE = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    public NabProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a NAB profile needs a name");
        }
        if (!(tpWeight > 0) || !(fpWeight >= 0) || !(fnWeight >= 0)
                || !Double.isFinite(tpWeight + fpWeight + fnWeight)) {
            throw new IllegalArgumentException("profile " + name + ": weights must be finite, tp > 0, fp and fn >= 0");
        }
    }

    /** The three profiles NAB reports, in NAB's order of its results table. */
    public static List<NabProfile> standardProfiles() {
        return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }
}
