package io.streamcast.model;

/**
 * What one event did to a series, in data units unless named otherwise.
 *
 * @param previousMean  the forecast that had been made for this event (NaN for the first event)
 * @param previousScale its predictive standard deviation
 * @param target        this event's value in the previous step's normalised frame: the training target
 *                      of the previous input row (NaN for the first event)
 * @param mean          forecast for the next event
 * @param scale         its predictive standard deviation
 * @param lower         lower end of the interval at the configured level
 * @param upper         upper end
 * @param warm          whether the normaliser is past its warm-up, so the forecast counts
 */
public record StepResult(double previousMean, double previousScale, double target, double mean, double scale,
                         double lower, double upper, boolean warm) {
}
