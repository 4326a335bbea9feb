package io.streamcast.model;

/**
 * How a key's emitted forecast blends the network's one-step forecast with the naive (last value) and, given a
 * season, the seasonal-naive one: each weighted by its recency-weighted squared error on that key, to the power
 * −4 (inverse-MSE weights, after Bates and Granger, leaned too little on the better one), so a key whose network
 * forecasts worse than repeating the last value gets mostly the last value, and one whose network is better
 * keeps mostly the network's.
 *
 * @param enabled  off: the network's forecast is emitted as it is
 * @param halfLife events after which an error counts half as much
 * @param season   0, or the seasonal-naive lag in events (it must fit the key's window of recent inputs)
 * @param season2  0, or a second, longer seasonal lag (168 on hourly data: a week) whose seasonal-naive forecast
 *                 joins the blend of forecasts more than one step ahead ({@link ForecastCombiner#ahead})
 * @param direct   the direct multi-horizon head whose forecasts join that blend too, or {@link DirectConfig#NONE}
 */
public record Combination(boolean enabled, double halfLife, int season, int season2, DirectConfig direct) {
    public static final Combination OFF = new Combination(false, 288, 0);

    public Combination {
        if (!(halfLife >= 1 && halfLife <= 1e9)) {
            throw new IllegalArgumentException("forecast.combineHalfLife must be in [1, 1e9] events, got " + halfLife);
        }
        Checks.inRange("forecast.season", season, 0, 4096);
        Checks.inRange("forecast.season2", season2, 0, 4096);
        if (season2 > 0 && season2 <= season) {
            throw new IllegalArgumentException("forecast.season2 (" + season2 + ") must be longer than "
                    + "forecast.season (" + season + "): it is the second, longer season beside the first (e.g. "
                    + "season 24 and season2 168)");
        }
        if (direct == null) {
            throw new IllegalArgumentException("forecast.direct must not be null (DirectConfig.NONE for none)");
        }
    }

    /** Without a direct head. */
    public Combination(boolean enabled, double halfLife, int season, int season2) {
        this(enabled, halfLife, season, season2, DirectConfig.NONE);
    }

    /** Without a second season. */
    public Combination(boolean enabled, double halfLife, int season) {
        this(enabled, halfLife, season, 0);
    }
}
