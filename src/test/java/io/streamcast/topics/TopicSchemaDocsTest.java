package io.streamcast.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.engine.ObservationParser;
import io.streamcast.engine.Swap;
import io.streamcast.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** specs.md's "Topics" section and the codecs say the same: every topic, and every field of each record. */
class TopicSchemaDocsTest {
    private static final Path SPECS = Path.of("src/site/markdown/specs.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyTopicOfTheRegistryHasItsSection() throws IOException {
        TopicRegistry r = TopicRegistry.of(SpecLoader.parse("name: p", "test"));
        Set<String> inCode = r.all().stream().map(t -> t.name().substring("p.".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("^### (\\S+)$", Pattern.MULTILINE).matcher(topicsSection());
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(inCode, documented);
    }

    @Test
    void forecastFieldsAreTheCodecs() throws IOException {
        byte[] json = new RecordJson().write(new ForecastRecord("k", 1, 2, 3, 2.5, 3.5, 0.2, 4, 0.3, 0.5, true,
                Swap.CARRIED, "maintenance", new io.streamcast.model.Ahead(1, 5, new double[] {3}, new double[] {2.5},
                new double[] {3.5})));
        assertEquals(fields(json), documented("forecasts"));
    }

    @Test
    void alertFieldsAreTheCodecs() throws IOException {
        byte[] json = new RecordJson().write(new AlertRecord("k", 1, AnomalyResult.Alert.OPENED, 9, 3, 2.5, 3.5, 6,
                0.9999, AnomalyResult.Severity.CRITICAL, AnomalyResult.Cause.SURPRISE, "maintenance"));
        assertEquals(fields(json), documented("alerts"));
    }

    @Test
    void calendarFieldsAreTheCodecs() throws IOException {
        Set<String> written = fields(io.streamcast.calendar.CalendarJson.write(io.streamcast.calendar.CalendarJson.parse(
                "{\"id\":\"a\",\"key\":\"k\",\"start\":0,\"end\":1,\"repeat\":\"daily\",\"until\":9,\"reason\":\"r\"}"
                        .getBytes())));
        written.addAll(fields(io.streamcast.calendar.CalendarJson.write(io.streamcast.calendar.CalendarJson.parse(
                "{\"id\":\"a\",\"prefix\":\"k\",\"start\":0,\"end\":1}".getBytes()))));
        assertEquals(written, documented("calendar"));
    }

    @Test
    void deadLetterHeadersAreTheCodecs() throws IOException {
        assertEquals(Set.of(DeadLetters.REASON_HEADER, DeadLetters.DETAIL_HEADER, DeadLetters.SOURCE_HEADER),
                documented("dead-letters"));
    }

    @Test
    void provenanceFieldsAreTheRecords() throws IOException {
        Set<String> components = Arrays.stream(ModelProvenance.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals(components, documented("models"));
    }

    @Test
    void theDocumentedObservationIsWhatTheParserReads() throws Exception {
        assertEquals(Set.of("ts", "value"), documented("observations"));
        var obs = new ObservationParser(1e9).parse("{\"ts\": \"2024-05-01T00:00:00Z\", \"value\": 1.5}".getBytes());
        assertEquals(1.5, obs.value());
    }

    private static Set<String> fields(byte[] json) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The first column of the topic's table, in order. */
    private static Set<String> documented(String topic) throws IOException {
        String s = topicsSection();
        int at = s.indexOf("### " + topic + "\n");
        int end = s.indexOf("\n### ", at + 1);
        Matcher m = ROW.matcher(s.substring(at, end < 0 ? s.length() : end));
        Set<String> out = new LinkedHashSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String topicsSection() throws IOException {
        String s = Files.readString(SPECS);
        int at = s.indexOf("## Topics\n");
        return s.substring(at, s.indexOf("\n## ", at + 1));
    }
}
