package io.streamcast.eval;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.data.SeriesInput;
import io.streamcast.engine.EventOutcome;
import io.streamcast.engine.Swap;
import java.util.Arrays;

/**
 * What the forecaster did on one series, row by row: the forecast that had been made for each row (NaN when
 * none had been, or the row was rejected), its interval, the anomaly score and likelihood, whether the row opened
 * or closed an alert, the model version, and why a row was rejected. Then, in horizon mode, the forecast from
 * the last visible row.
 */
public final class SeriesRun {
    public final SeriesInput input;
    public final double[] forecast;
    public final double[] lower;
    public final double[] upper;
    public final double[] score;
    public final double[] likelihood;
    /** 1 − likelihood without cancellation (see AnomalyResult.tail). */
    public final double[] tail;
    public final boolean[] warm;
    /** Whether each row opened or closed an incident. */
    public final AnomalyResult.Alert[] alert;
    public final long[] version;
    /** How the key changed model version at each row (NONE mostly). */
    public final Swap[] swap;
    /** Why each row was rejected (null: it was not), as the engine said it. */
    public final EventOutcome.Rejected[] rejected;
    /** The next-step forecast emitted after each row (what the live pipeline writes to its forecasts topic). */
    public final double[] next;
    public double[] horizonMean = new double[0];
    public double[] horizonLower = new double[0];
    public double[] horizonUpper = new double[0];
    /** With a direct head: the horizon forecast without it, from the same state (empty otherwise). */
    public double[] horizonWithoutHead = new double[0];

    public SeriesRun(SeriesInput input) {
        this.input = input;
        int n = input.visible();
        forecast = nan(n);
        lower = nan(n);
        upper = nan(n);
        score = nan(n);
        next = nan(n);
        likelihood = new double[n];
        tail = new double[n];
        Arrays.fill(tail, 1);
        warm = new boolean[n];
        alert = new AnomalyResult.Alert[n];
        Arrays.fill(alert, AnomalyResult.Alert.NONE);
        version = new long[n];
        swap = new Swap[n];
        Arrays.fill(swap, Swap.NONE);
        rejected = new EventOutcome.Rejected[n];
    }

    public String key() {
        return input.key();
    }

    public int rows() {
        return forecast.length;
    }

    public int rejectedCount() {
        int c = 0;
        for (EventOutcome.Rejected r : rejected) {
            c += r == null ? 0 : 1;
        }
        return c;
    }

    public int alertsOpened() {
        int c = 0;
        for (AnomalyResult.Alert a : alert) {
            c += a == AnomalyResult.Alert.OPENED ? 1 : 0;
        }
        return c;
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
