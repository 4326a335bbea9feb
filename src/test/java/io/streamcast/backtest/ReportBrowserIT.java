package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.browser.Chromium;
import io.streamcast.eval.Backtest;
import io.streamcast.eval.BacktestReport;
import io.streamcast.eval.BacktestScoring;
import io.streamcast.eval.RelativeAccuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The backtest report in a real browser: its series table opens worst against naive first and sorts by any
 * column at a click (and back), numbers as numbers; the page fetches nothing. Screenshot: target/report.png.
 */
class ReportBrowserIT {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void theSeriesTableSortsAtAClick(@TempDir Path dir) throws Exception {
        Chromium.assumeInstalled();
        Path data = dir.resolve("data/plant");
        Files.createDirectories(data);
        // Five series, from smooth to noisy: the model's edge over naive differs from one to the next.
        for (int s = 0; s < 5; s++) {
            SplittableRandom rnd = new SplittableRandom(s);
            List<String> rows = new ArrayList<>(List.of("timestamp,value"));
            for (int i = 0; i < 1500; i++) {
                double v = 100 * (s + 1) + 10 * Math.sin(2 * Math.PI * i / 96) + rnd.nextGaussian() * (0.2 + 3 * s);
                rows.add(LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(15L * i).format(TS) + ","
                        + String.format(Locale.ROOT, "%.3f", v));
            }
            Files.write(data.resolve("unit-" + s + ".csv"), rows);
        }
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "name: report-test\nmodel: {cell: gru, hiddenSize: 8, timeFeatures: none, window: 64}\n"
                + "backtest: {seasonalPeriod: 96}\n");
        Path out = dir.resolve("out");
        BacktestReport r = BacktestJob.run(new BacktestJob.Options(spec, data, "csv", 0, 0, 0, false, null, out),
                Backtest.Progress.NONE);

        List<String> worstFirst = new ArrayList<>();
        r.series().forEach(s -> worstFirst.add(s.key()));
        worstFirst.sort(Comparator.comparingDouble((String k) -> vsNaive(r, k)).reversed());
        List<String> byRows = new ArrayList<>(worstFirst);
        byRows.sort(Comparator.naturalOrder());

        WebDriver browser = Chromium.start();
        try {
            browser.get(out.resolve("report.html").toUri().toString());
            assertEquals(worstFirst, shown(browser), "worst against naive first");
            header(browser, "MAE / naive").click();
            assertEquals(reversed(worstFirst), shown(browser), "one click: best first");
            assertEquals("ascending", header(browser, "MAE / naive").getAttribute("aria-sort"));
            header(browser, "MAE / naive").click();
            assertEquals(worstFirst, shown(browser), "and back");
            header(browser, "series").click();
            assertEquals(byRows, shown(browser), "by name");
            assertTrue(header(browser, "MAE / naive").getAttribute("aria-sort") == null, "one sorted column at a time");
            Chromium.screenshot(browser, "report");
        } finally {
            browser.quit();
        }
    }

    private static double vsNaive(BacktestReport r, String key) {
        for (BacktestReport.SeriesReport s : r.series()) {
            if (s.key().equals(key)) {
                return RelativeAccuracy.ratio(s.metrics(), BacktestScoring.MODEL, "naive");
            }
        }
        throw new AssertionError(key);
    }

    private static org.openqa.selenium.WebElement header(WebDriver browser, String text) {
        return browser.findElement(By.xpath("//table[@id='series-table']//th[normalize-space(text())='" + text + "']"));
    }

    private static List<String> shown(WebDriver browser) {
        return Chromium.list(browser, "return [...document.querySelectorAll('#series-table tbody tr')]"
                + ".map(tr => tr.dataset.key)");
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }
}
