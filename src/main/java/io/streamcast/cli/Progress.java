package io.streamcast.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * Progress for long work (me.tongfei progressbar), on stderr so stdout stays for results: a redrawn bar in a
 * terminal, and when stderr is piped or logged, a plain line every few seconds instead of carriage returns.
 */
final class Progress {
    static final int PLAIN_EVERY_MS = 5_000;

    private Progress() {
    }

    static ProgressBar bar(String task, long max, String unit) {
        return System.console() != null ? terminal(task, max, unit) : plain(task, max, unit, System.err);
    }

    private static ProgressBar terminal(String task, long max, String unit) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1).showSpeed().setUpdateIntervalMillis(250).continuousUpdate()
                .setMaxRenderedLength(110).build();
    }

    /** One line per update, e.g. "backtest: 41% (46,210 of 113,890 events, 12 s)". */
    static ProgressBar plain(String task, long max, String unit, PrintStream out) {
        Consumer<String> lines = out::println;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUpdateIntervalMillis(PLAIN_EVERY_MS)
                .setConsumer(new DelegatingProgressBarConsumer(lines)).setRenderer(plainLine(unit)).build();
    }

    static ProgressBarRenderer plainLine(String unit) {
        return (ProgressState s, int maxLength) -> s.getCurrent() == 0 && s.getMax() <= 1
                // Before the work's size is known: not "0% (0 of 1 events)".
                ? String.format(Locale.ROOT, "%s: starting", s.getTaskName())
                : String.format(Locale.ROOT, "%s: %s(%,d of %,d %s, %d s)", s.getTaskName(),
                s.getMax() > 0 ? (int) (100 * s.getNormalizedProgress()) + "% " : "", s.getCurrent(), s.getMax(),
                unit, s.getTotalElapsed().toSeconds());
    }
}
