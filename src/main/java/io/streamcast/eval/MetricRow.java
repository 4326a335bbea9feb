package io.streamcast.eval;

/**
 * One method's accuracy on one series (or pooled), over the n positions it had a forecast for. sMAPE is
 * in percent (0..200); MASE is MAE over the in-sample seasonal-naive scale; coverage is NaN without
 * intervals. Every field is NaN when n = 0.
 */
public record MetricRow(double mae, double rmse, double smape, double mase, double coverage, int n) {
}
