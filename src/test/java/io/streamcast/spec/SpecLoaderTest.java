package io.streamcast.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.CellType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {
    @Test
    void everyCommittedSpecLoads() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("topologies"), "*.yaml")) {
            for (Path p : dir) {
                PipelineSpec s = SpecLoader.load(p);
                assertTrue(p.getFileName().toString().startsWith(s.name()), p + " is named after its pipeline");
                n++;
            }
        }
        assertTrue(n >= 2);
        PipelineSpec sensors = SpecLoader.load(Path.of("topologies/sensors.yaml"));
        assertEquals(CellType.GRU, sensors.modelConfig().cell());
        assertEquals("sensors.observations", sensors.topics().observations());
        assertEquals("exactly_once_v2", sensors.processing().guarantee());
        PipelineSpec market = SpecLoader.load(Path.of("topologies/market.yaml"));
        assertEquals("market.dead-letters", market.topics().deadLetters(), "topic names default from the name");
        assertEquals("per-key", market.model().scope());
    }

    @Test
    void minimalSpecGetsDefaults() {
        PipelineSpec s = SpecLoader.parse("name: tiny\n", "tiny.yaml");
        assertEquals("streamcast-tiny", s.applicationId());
        assertEquals(32, s.modelConfig().hiddenSize());
        assertEquals(0.95, s.modelConfig().intervalLevel());
        assertEquals(new io.streamcast.model.Combination(true, 24, 0), s.modelConfig().combination());
    }

    @Test
    void aSeasonLongerThanTheWindowSaysWhichToChange() {
        String m = failure("name: x\nmodel:\n  window: 64\nforecast:\n  season: 288\n");
        assertTrue(m.contains("forecast.season 288") && m.contains("model.window 64"), m);
        assertEquals(false, SpecLoader.parse("name: x\nforecast:\n  combine: false\n", "x.yaml").modelConfig()
                .combination().enabled());
    }

    @Test
    void aSeasonalSecondOpinionNeedsASeasonAndSaysSo() {
        String m = failure("name: x\nanomaly:\n  secondOpinion: seasonal\n  deviation: typical\n");
        assertTrue(m.contains("anomaly.secondOpinion") && m.contains("forecast.season"), m);
        m = failure("name: x\nanomaly:\n  secondOpinion: naive\n");
        assertTrue(m.contains("none, seasonal") && m.contains("'naive'"), m);
        m = failure("name: x\nmodel:\n  window: 320\nforecast:\n  season: 288\nanomaly:\n  secondOpinion: seasonal\n");
        assertTrue(m.contains("anomaly.deviation: typical") && m.contains("(it is forecast)"), m);
        PipelineSpec s = SpecLoader.parse("name: x\nmodel:\n  window: 320\nforecast:\n  season: 288\n"
                + "anomaly:\n  secondOpinion: seasonal\n  deviation: typical\n", "x.yaml");
        assertTrue(s.anomalyConfig().seasonalOpinion());
        assertEquals(false, SpecLoader.parse("name: x\n", "x.yaml").anomalyConfig().seasonalOpinion());
    }

    @Test
    void anEmpiricalTailIsOffUnlessASpecGivesItsHalfLife() {
        assertEquals(0.0, SpecLoader.parse("name: x\n", "x.yaml").anomalyConfig().tailHalfLife());
        assertEquals(5000.0, SpecLoader.parse("name: x\nanomaly:\n  tailHalfLife: 5000\n", "x.yaml").anomalyConfig()
                .tailHalfLife());
        String m = failure("name: x\nanomaly:\n  tailHalfLife: -3\n");
        assertTrue(m.contains("anomaly.tailHalfLife") && m.contains("-3"), m);
    }

    @Test
    void aDirectHeadTrainsOneSeedUnlessASpecAsksForAnEnsemble() {
        String head = "name: x\nmodel:\n  window: 480\nforecast:\n  season: 24\n  direct:\n    lookback: 336\n"
                + "    horizon: 48\n";
        assertEquals(1, SpecLoader.parse(head + "    hidden: 8\n", "x.yaml").modelConfig().combination().direct()
                .seeds());
        assertEquals(24, SpecLoader.parse(head + "    hidden: 8\n    seeds: 3\n", "x.yaml").modelConfig()
                .combination().direct().hiddenUnits());
        String m = failure(head + "    seeds: 3\n");
        assertTrue(m.contains("forecast.direct.seeds") && m.contains("seeds 3")
                && m.contains("forecast.direct.hidden above 0"), m);
        String epochs = failure(head + "    epochs: 20\n");
        assertTrue(epochs.contains("forecast.direct.epochs") && epochs.contains("epochs 20")
                && epochs.contains("forecast.direct.hidden above 0"), epochs);
        String many = failure(head + "    hidden: 8\n    seeds: 17\n");
        assertTrue(many.contains("forecast.direct.seeds") && many.contains("17"), many);
    }

    private static String failure(String yaml) {
        return assertThrows(SpecLoader.SpecException.class, () -> SpecLoader.parse(yaml, "bad.yaml")).getMessage();
    }

    @Test
    void errorsNameFileFieldAndWhatIsAllowed() {
        String unknown = failure("name: x\nmodel:\n  hiden: 3\n");
        assertTrue(unknown.startsWith("bad.yaml: unknown field 'model.hiden'"), unknown);
        assertTrue(unknown.contains("hiddenSize"), unknown);
        String cell = failure("name: x\nmodel:\n  cell: transformer\n");
        assertTrue(cell.contains("cell must be one of elman, gru, lstm") && cell.contains("transformer"), cell);
        String size = failure("name: x\nmodel:\n  hiddenSize: -4\n");
        assertTrue(size.contains("model.hiddenSize must be in [1, ") && size.contains("-4"), size);
        String type = failure("name: x\nmodel:\n  hiddenSize: lots\n");
        assertTrue(type.contains("field 'model.hiddenSize' must be a whole number, got 'lots'"), type);
        String k2 = failure("name: x\ntraining:\n  k2: 0\n");
        assertTrue(k2.contains("training.k2 must be in [1, "), k2);
        String rate = failure("name: x\ntraining:\n  learningRate: fast\n");
        assertTrue(rate.contains("field 'training.learningRate' must be a number, got 'fast'"), rate);
        String guarantee = failure("name: x\nprocessing:\n  guarantee: maybe\n");
        assertTrue(guarantee.contains("exactly_once_v2") && guarantee.contains("maybe"), guarantee);
        String name = failure("topics:\n  partitions: 2\n");
        assertTrue(name.contains("name"), name);
        String yaml = failure("name: [unclosed\n");
        assertTrue(yaml.startsWith("bad.yaml:"), yaml);
        String missing = assertThrows(SpecLoader.SpecException.class,
                () -> SpecLoader.load(Path.of("topologies/nope.yaml"))).getMessage();
        assertTrue(missing.contains("topologies/nope.yaml") && missing.contains("no such file"), missing);
    }

    @Test
    void aFieldGivenTwiceIsAnErrorNotLastWins() {
        String twice = failure("name: x\nmodel:\n  cell: gru\n  hiddenSize: 8\n  cell: lstm\n");
        assertTrue(twice.startsWith("bad.yaml: field 'model.cell' is given twice"), twice);
        String top = failure("name: x\nname: y\n");
        assertTrue(top.contains("field 'name' is given twice"), top);
    }

    @Test
    void anEmptySpecSaysWhatItNeeds() {
        for (String empty : new String[] {"", "   \n\n", "# only a comment\n"}) {
            String m = failure(empty);
            assertTrue(m.startsWith("bad.yaml: the spec is empty") && m.contains("'name: <pipeline>'"), m);
        }
    }

    @Test
    void anOversizedFileIsRefusedBeforeParsing(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        java.nio.file.Files.writeString(big, "name: x # " + "a".repeat(SpecLoader.MAX_BYTES));
        String m = assertThrows(SpecLoader.SpecException.class, () -> SpecLoader.load(big)).getMessage();
        assertTrue(m.contains("is not a spec") && m.contains("KiB"), m);
        String text = failure("name: x # " + "a".repeat(SpecLoader.MAX_BYTES));
        assertTrue(text.contains("is not a spec"), text);
    }
}
