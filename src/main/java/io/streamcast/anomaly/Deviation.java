package io.streamcast.anomaly;

import io.streamcast.model.Labels;

/** What a forecast's miss is measured against before the likelihood averages it. */
public enum Deviation {
    /** The forecast's own scale: how many predicted standard deviations the value lies off. */
    FORECAST,
    /**
     * The series' typical absolute miss lately (a running mean over the long half-life): how many usual errors
     * the value lies off. Steadier than the forecast's scale, which moves with every model update; the choice
     * for benchmark-style detection.
     */
    TYPICAL;

    public static Deviation parse(String name) {
        return Labels.parse(Deviation.class, name, "anomaly.deviation");
    }
}
