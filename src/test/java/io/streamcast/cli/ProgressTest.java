package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void pipedProgressIsPlainLinesWithoutCarriageReturns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
             ProgressBar bar = Progress.plain("produce", 2_000, "records", out)) {
            bar.stepBy(1_500);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        assertTrue(text.contains("produce: 75% (1,500 of 2,000 records, 0 s)"), text);
    }

    @Test
    void aBarWhoseSizeIsNotYetKnownSaysItIsStarting() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
             ProgressBar bar = Progress.plain("backtest", 1, "events", out)) {
            bar.setExtraMessage("reading the input"); // the size comes with the first step
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("backtest: starting"), text);
        assertFalse(text.contains("0 of 1 "), text);
    }
}
