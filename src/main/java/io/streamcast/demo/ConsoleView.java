package io.streamcast.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's live console: on a terminal, a table redrawn in place (per key: time, value, forecast, band,
 * likelihood, alerts) with the latest alerts below; otherwise (piped, CI) a status line now and then and
 * every alert as it happens.
 */
final class ConsoleView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    private final PrintStream out;
    private final boolean terminal;
    private final String title;
    private final Map<String, Row> rows = new TreeMap<>();
    private long lastLine;
    private int alertsPrinted;
    private long latestVersion;

    record Row(long ts, double value, double forecast, double lower, double upper, double likelihood, int alerts,
               long version) {
    }

    ConsoleView(PrintStream out, boolean terminal, String title) {
        this.out = out;
        this.terminal = terminal;
        this.title = title;
    }

    synchronized void update(String key, Row row) {
        rows.put(key, row);
        latestVersion = row.version();
    }

    synchronized long latestVersion() {
        return latestVersion;
    }

    synchronized void bumpAlerts(String key) {
        Row r = rows.get(key);
        if (r != null) {
            rows.put(key, new Row(r.ts(), r.value(), r.forecast(), r.lower(), r.upper(), r.likelihood(), r.alerts() + 1,
                    r.version()));
        }
    }

    synchronized int alertsFor(String key) {
        Row r = rows.get(key);
        return r == null ? 0 : r.alerts();
    }

    synchronized void render(String status, List<DemoScore.Alert> alerts, boolean force) {
        if (terminal) {
            StringBuilder b = new StringBuilder("\033[H\033[2J");
            b.append(title).append('\n').append(status).append("\n\n");
            b.append(String.format("%-15s %-16s %10s %10s  %-23s %10s %6s %5s%n", "key", "time (UTC)", "value",
                    "next", "95% band", "likelihood", "alerts", "model"));
            rows.forEach((k, r) -> b.append(String.format("%-15s %-16s %10.3f %10.3f  [%9.3f, %9.3f] %10.5f %6d %5s%n",
                    k, TIME.format(Instant.ofEpochMilli(r.ts())), r.value(), r.forecast(), r.lower(), r.upper(),
                    r.likelihood(), r.alerts(), "v" + r.version())));
            b.append("\nlatest alerts:\n");
            List<DemoScore.Alert> tail = alerts.subList(Math.max(0, alerts.size() - 6), alerts.size());
            if (tail.isEmpty()) {
                b.append("  (none yet)\n");
            }
            tail.forEach(a -> b.append("  ").append(describe(a)).append('\n'));
            out.print(b);
            out.flush();
            return;
        }
        for (; alertsPrinted < alerts.size(); alertsPrinted++) {
            out.println("ALERT " + describe(alerts.get(alertsPrinted)));
        }
        long now = System.currentTimeMillis();
        if (force || now - lastLine >= 2000) {
            out.println(status);
            lastLine = now;
        }
    }

    static String describe(DemoScore.Alert a) {
        return String.format("%s %-14s %-8s value %.3f, expected %.3f, likelihood %.6f (%s)",
                TIME.format(Instant.ofEpochMilli(a.ts())), a.key(), a.cause(), a.value(), a.expected(),
                a.likelihood(), a.severity());
    }
}
