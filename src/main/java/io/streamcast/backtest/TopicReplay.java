package io.streamcast.backtest;

import java.nio.file.Path;
import java.util.Map;

public final class TopicReplay {
    public static BacktestReport run(Path specFile, String topic, String from, int horizon, Path labels, Path out,
                                     String bootstrap, Map<String, String> clientProps, Backtest.Progress p) {
        throw new UnsupportedOperationException("TEMP");
    }
}
