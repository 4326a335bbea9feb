package io.streamcast.backtest;

import io.streamcast.model.Weights;
import io.streamcast.streams.WeightsSource;

/** Learning while a backtest replays: sees every accepted event, and decides which weights forecast next. */
public interface OnlineTraining extends StreamingBacktest.Listener {
    /** Starts from these weights; the returned source gives the published version for each key. */
    WeightsSource start(Weights initial);

    /** The newest published weights. */
    Weights current();

    /** What it did, for the report. */
    String summary();
}
