package io.streamcast.model;

/**
 * The direct multi-horizon head ({@link DirectHead}): a linear map, fitted across series, from a key's last
 * {@code lookback} inputs to its next {@code horizon} values, each step forecast at once rather than by feeding
 * one-step forecasts back.
 *
 * @param lookback how many of the key's recent inputs the head reads; 0: no head
 * @param horizon  how many steps it forecasts
 * @param ridge    the ridge penalty of the fit (in the head's scaled units, per coefficient)
 * @param stride   the fit takes one window every this many events of a key
 * @param origins  how many past spans of {@code horizon} steps in the key's window score the head and the
 *                 seasonal-naive forecasts before they are blended by those scores ({@link DirectBlend})
 * @param share    the share of that blend in each step ahead it covers; the rest is the recursive forecast's
 * @param hidden   0, or tanh units of a hidden layer ({@link DirectMlp}) trained on what the linear fit leaves
 * @param epochs   passes over the samples to train that layer
 * @param seeds    how many such layers are trained, from seeds seed, seed + 1, ..., and averaged
 */
public record DirectConfig(int lookback, int horizon, double ridge, int stride, int origins, double share,
                           int hidden, int epochs, int seeds) {
    public static final DirectConfig NONE = new DirectConfig(0, 0, 0, 1, 0, 0, 0, 0, 1);

    /** Linear only. */
    public DirectConfig(int lookback, int horizon, double ridge, int stride, int origins, double share) {
        this(lookback, horizon, ridge, stride, origins, share, 0, 0, 1);
    }

    /** One hidden layer, or none. */
    public DirectConfig(int lookback, int horizon, double ridge, int stride, int origins, double share,
                        int hidden, int epochs) {
        this(lookback, horizon, ridge, stride, origins, share, hidden, epochs, 1);
    }

    public DirectConfig {
        Checks.inRange("forecast.direct.lookback", lookback, 0, 4096);
        if (lookback > 0) {
            Checks.inRange("forecast.direct.lookback", lookback, 2, 4096);
            Checks.inRange("forecast.direct.horizon", horizon, 1, 1000);
            Checks.inRange("forecast.direct.origins", origins, 1, 100);
        }
        Checks.nonNegative("forecast.direct.ridge", ridge);
        Checks.inRange("forecast.direct.stride", stride, 1, 1_000_000);
        Checks.inRange("forecast.direct.hidden", hidden, 0, 1024);
        if (hidden == 0 && (epochs != 0 || seeds != 1)) {
            throw new IllegalArgumentException("forecast.direct." + (epochs != 0 ? "epochs" : "seeds")
                    + " trains the head's hidden layer: set forecast.direct.hidden above 0 as well, or leave it out"
                    + " (got " + (epochs != 0 ? "epochs " + epochs : "seeds " + seeds) + " with hidden 0)");
        }
        Checks.inRange("forecast.direct.epochs", epochs, hidden > 0 ? 1 : 0, hidden > 0 ? 1000 : 0);
        Checks.inRange("forecast.direct.seeds", seeds, 1, 16);
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("forecast.direct.share must be in [0, 1], got " + share);
        }
    }

    public boolean enabled() {
        return lookback > 0;
    }

    /** The hidden units of the head's layer: the ensemble's members side by side ({@link DirectMlp#mean}). */
    public int hiddenUnits() {
        return hidden * seeds;
    }

    /** The inputs a key must hold to score the head at every origin. */
    public int windowNeeded() {
        return lookback + horizon * origins;
    }
}
