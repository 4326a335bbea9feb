package io.streamcast.baseline;

/** A forecaster of the next h values after a training series, as in the M4 competition. */
public interface HorizonBaseline {
    String name();

    /** Forecasts train[n], ..., train[n + h - 1] from train[0..n-1] (n = train.length >= 1). */
    double[] horizon(double[] train, int h);
}
