package io.streamcast.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.browser.Chromium;
import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.WeightsSource;
import io.streamcast.calendar.CalendarJson;
import io.streamcast.kafka.BrokerExtension;
import io.streamcast.replay.LiveReproduction;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.streams.PipelineRunner;
import io.streamcast.streams.StreamsSettings;
import io.streamcast.streams.forecast.ForecastTopology;
import io.streamcast.streams.forecast.PipelineMetrics;
import io.streamcast.streams.forecast.RecentHistory;
import io.streamcast.topics.CalendarTopic;
import io.streamcast.topics.PipelineTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's chromium through its chromedriver) against a forecast
 * application on the embedded broker, wired as {@code streamcast run} wires it: what a person sees is a fleet
 * table with a sparkline per series, worst first and sortable by a click, filtered by prefix; dead letters by
 * reason; the calendar; and a series' chart with its points, interval band, date axis and the marker of the
 * alert its spike opened. A calendar event added on the calendar topic (as `streamcast calendar add` adds it)
 * covers another series' spike: that alert is suppressed on the alerts topic, and its chart shows the event and
 * the suppressed marker. Screenshots go to target/console-*.png.
 */
class ConsoleBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("line-1/pump", "line-1/valve", "line-2/pump", "line-2/valve");
    private static final String SPIKED = "line-2/pump";
    private static final int STEPS = 600;
    private static final int AHEAD = 12;
    private static final int SPIKE_AT = 480;
    /** A spike inside a known event: suppressed, not alerted. */
    private static final String KNOWN = "line-1/valve";
    private static final int KNOWN_SPIKE_AT = 400;
    private static final long T0 = 1_767_225_600_000L;
    private static final long STEP = 1_800_000L;

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void aPersonSeesTheFleetAndASeriesWithItsAlert(@TempDir Path state) throws Exception {
        Chromium.assumeInstalled();
        // With forecast.horizon, so the series view draws the next forecasts past the last point.
        PipelineSpec spec = InteractiveQueriesIT.freshSpec("console", yaml -> yaml.replace(
                "forecast:\n  intervalLevel: 0.95\n", "forecast:\n  intervalLevel: 0.95\n  horizon: " + AHEAD + "\n"));
        assertEquals(AHEAD, spec.forecast().horizon());
        String bootstrap = broker.bootstrapServers();
        PipelineTopics.create(bootstrap, Map.of(), spec);
        CalendarTopic.put(bootstrap, Map.of(), spec, CalendarJson.parse(("{\"id\":\"valve-service\",\"key\":\""
                + KNOWN + "\",\"start\":" + (T0 + (KNOWN_SPIKE_AT - 10) * STEP) + ",\"end\":"
                + (T0 + (KNOWN_SPIKE_AT + 20) * STEP) + ",\"reason\":\"valve service\"}").getBytes(StandardCharsets.UTF_8)));
        produce(bootstrap, spec);
        try (MetricsServer server = MetricsServer.start(MetricsServer.newRegistry(), "127.0.0.1", 0)) {
            HostInfo self = new HostInfo("127.0.0.1", server.port());
            RecentHistory history = RecentHistory.of(spec);
            Properties props = StreamsSettings.serving(StreamsSettings.forecast(spec, bootstrap, state, Map.of()),
                    self.host(), self.port());
            try (PipelineRunner runner = PipelineRunner.start(ForecastTopology.build(spec,
                            WeightsSource.fixed(ModelLoader.initial(spec, null)),
                            new PipelineMetrics(server.registry(), spec.name()), history), props, server.registry(),
                    Duration.ofSeconds(60), streams -> SeriesHandler.install(server, spec, streams, self, history))) {
                String base = "http://127.0.0.1:" + server.port();
                JsonNode rows = awaitAllProcessed(base);
                List<JsonNode> alerts = committedAlerts(bootstrap, spec);
                assertTrue(alerts.stream().anyMatch(a -> a.get("key").asText().equals(SPIKED)
                        && a.get("kind").asText().equals("open")), "the spike alerts: " + alerts);
                List<JsonNode> suppressed = alerts.stream().filter(a -> a.get("kind").asText().equals("suppressed"))
                        .toList();
                assertEquals(1, suppressed.size(), "the known event's spike is suppressed, once: " + alerts);
                assertEquals(KNOWN, suppressed.get(0).get("key").asText());
                assertEquals("valve-service", suppressed.get(0).get("calendar").asText());
                assertTrue(alerts.stream().noneMatch(a -> a.get("key").asText().equals(KNOWN)
                        && a.get("kind").asText().equals("open")), "and not alerted: " + alerts);
                WebDriver browser = Chromium.start();
                try {
                    fleet(browser, base, rows);
                    series(browser, base);
                    known(browser, base);
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private void fleet(WebDriver browser, String base, JsonNode rows) throws Exception {
        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> b.findElements(By.cssSelector("#fleet tbody tr")).size() == KEYS.size());
        // Worst first: by error against naive, highest on top, as the API reports it.
        List<String> worstFirst = new ArrayList<>();
        rows.forEach(r -> worstFirst.add(r.get("key").asText()));
        worstFirst.sort(Comparator.comparingDouble((String k) -> vsNaive(rows, k)).reversed());
        assertEquals(worstFirst, shownKeys(browser));
        assertEquals("descending", browser.findElement(By.cssSelector("th[data-col=vsNaive]")).getAttribute("aria-sort"));
        assertEquals(List.of((long) SeriesView.SPARK_POINTS), Chromium.list(browser, "return [...new Set([...document"
                + ".querySelectorAll('#fleet svg.spark polyline')].map(p => p.getAttribute('points').trim().split(' ')"
                + ".length))]"), "every row has a sparkline of its last points");
        // Dead letters by reason: the two bad records.
        wait.until(b -> b.findElement(By.id("dead-letters")).getText().contains("non-numeric-value"));
        String dead = browser.findElement(By.id("dead-letters")).getText();
        assertTrue(dead.contains("malformed-json 1") && dead.contains("non-numeric-value 1"), dead);
        assertTrue(browser.findElement(By.id("models")).getText().contains("none published yet"));
        String calendar = browser.findElement(By.id("calendar")).getText();
        assertTrue(calendar.contains("valve-service") && calendar.contains(KNOWN) && calendar.contains("topic"), calendar);
        Chromium.screenshot(browser, "console-fleet");

        browser.findElement(By.cssSelector("th[data-col=key]")).click();
        assertEquals(KEYS, shownKeys(browser), "sorted by key");
        assertEquals("ascending", browser.findElement(By.cssSelector("th[data-col=key]")).getAttribute("aria-sort"));
        browser.findElement(By.cssSelector("th[data-col=key]")).click();
        List<String> reversed = new ArrayList<>(KEYS);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, shownKeys(browser), "and the other way");

        browser.findElement(By.id("prefix")).sendKeys("line-2");
        wait.until(b -> shownKeys(b).equals(List.of("line-2/valve", "line-2/pump")));
    }

    private void series(WebDriver browser, String base) throws Exception {
        browser.findElement(By.linkText(SPIKED)).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> b.findElements(By.cssSelector("#chart circle.point")).size() == 300);
        assertEquals(SPIKED, browser.findElement(By.id("series-key")).getText());
        assertTrue(browser.findElements(By.cssSelector("#chart path.alert-marker")).size() >= 1,
                "the spike's alert is marked");
        assertTrue(browser.findElements(By.cssSelector("#chart polygon.band")).size() >= 1, "an interval band");
        List<String> ticks = Chromium.list(browser, "return [...document.querySelectorAll('#chart text.x-tick')]"
                + ".map(t => t.textContent)");
        assertEquals(6, ticks.size());
        assertTrue(ticks.stream().allMatch(t -> t.matches("\\d\\d-\\d\\d \\d\\d:\\d\\d")), "dates on the axis: " + ticks);
        assertTrue(browser.findElement(By.id("series-facts")).getText().contains("Next forecast"));
        assertEquals(AHEAD, browser.findElements(By.cssSelector("#chart circle.ahead")).size(), "the steps ahead");
        assertEquals(1, browser.findElements(By.cssSelector("#chart polygon.ahead-band")).size());
        assertTrue(browser.findElement(By.id("series-facts")).getText().contains(AHEAD + " steps, to "));
        new Select(browser.findElement(By.id("points"))).selectByVisibleText("1000");
        wait.until(b -> b.findElements(By.cssSelector("#chart circle.point")).size() == STEPS);
        Chromium.screenshot(browser, "console-series");
    }

    /** The series whose spike fell in the known event: the event shaded, the alert marked as suppressed. */
    private void known(WebDriver browser, String base) throws Exception {
        browser.get(base + "/#/series/" + java.net.URLEncoder.encode(KNOWN, StandardCharsets.UTF_8).replace("+", "%20"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> b.findElement(By.id("series-key")).getText().equals(KNOWN)
                && b.findElements(By.cssSelector("#chart circle.point")).size() >= 300);
        assertEquals(1, browser.findElements(By.cssSelector("#chart rect.calendar-band")).size());
        assertEquals(1, browser.findElements(By.cssSelector("#chart path.suppressed-marker")).size());
        assertEquals(0, browser.findElements(By.cssSelector("#chart path.alert-marker")).size());
        Chromium.screenshot(browser, "console-calendar");
    }

    private static double vsNaive(JsonNode rows, String key) {
        for (JsonNode r : rows) {
            if (r.get("key").asText().equals(key)) {
                return r.get("vsNaive").asDouble();
            }
        }
        throw new AssertionError(key);
    }

    /** The rows' keys top to bottom, read in one go: the table is redrawn every 2 s. */
    private static List<String> shownKeys(WebDriver browser) {
        return Chromium.list(browser, "return [...document.querySelectorAll('#fleet tbody tr')].map(tr => tr.dataset.key)");
    }


    /**
     * The alerts topic read committed, once the last alerts of both spikes are there: the store the rows come
     * from runs ahead of the commit.
     */
    private static List<JsonNode> committedAlerts(String bootstrap, PipelineSpec spec) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            List<JsonNode> alerts = new ArrayList<>();
            LiveReproduction.readCommitted(bootstrap, Map.of(), spec.topics().alerts(), r -> {
                try {
                    alerts.add(JSON.readTree(r.value()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            // Commit markers reach the partitions one by one: wait for the last alert of both keys.
            boolean resolved = List.of(SPIKED, KNOWN).stream().allMatch(k -> alerts.stream().anyMatch(a ->
                    a.get("key").asText().equals(k) && a.get("kind").asText().equals("resolved")));
            if (resolved || System.currentTimeMillis() > deadline) {
                return alerts;
            }
            Thread.sleep(500);
        }
    }

    /** The fleet's rows once every event has been forecast. */
    private static JsonNode awaitAllProcessed(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/series?view=rows")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode rows = JSON.readTree(r.body()).get("rows");
                boolean done = rows.size() == KEYS.size();
                for (JsonNode row : rows) {
                    done &= row.get("steps").asInt() == STEPS;
                }
                if (done) {
                    return rows;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not every event was forecast within 60 s: " + r.body());
            }
            Thread.sleep(200);
        }
    }

    /** Four series with a daily cycle, one with a spike, and two records a pipeline must refuse. */
    private static void produce(String bootstrap, PipelineSpec spec) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        String topic = spec.topics().observations();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int t = 0; t < STEPS; t++) {
                for (int k = 0; k < KEYS.size(); k++) {
                    double v = 20 + 5 * k + (2 + k) * Math.sin(2 * Math.PI * t / 48.0) + ((t * 7 + k * 3) % 5) * 0.15;
                    if (KEYS.get(k).equals(SPIKED) && t >= SPIKE_AT && t < SPIKE_AT + 3
                            || KEYS.get(k).equals(KNOWN) && t >= KNOWN_SPIKE_AT && t < KNOWN_SPIKE_AT + 3) {
                        v += 40;
                    }
                    String json = "{\"ts\":" + (T0 + t * STEP) + ",\"value\":" + v + "}";
                    producer.send(new ProducerRecord<>(topic, KEYS.get(k).getBytes(StandardCharsets.UTF_8),
                            json.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.send(new ProducerRecord<>(topic, "line-1/pump".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, "line-1/pump".getBytes(StandardCharsets.UTF_8),
                    "{\"ts\":1767225600000,\"value\":\"high\"}".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
