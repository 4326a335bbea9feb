package io.streamcast.eval;

import io.streamcast.model.Weights;
import io.streamcast.engine.WeightsSource;

/** Learning while a backtest replays: sees every accepted event, and decides which weights forecast next. */
public interface OnlineTraining extends StreamingBacktest.Listener {
    /** Starts from these weights; the returned source gives the published version for each key. */
    WeightsSource start(Weights initial);

    /** The newest published weights. */
    Weights current();

    /** What it did, for the report. */
    String summary();
}
