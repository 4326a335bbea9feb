package io.streamcast.eval.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.data.SeriesCsv;
import io.streamcast.data.SharedDatasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The developer subset of NAB in the shared datasets: its windows land on rows of every file. */
class NabDatasetTest {
    private static List<NabFile> corpus(Path data, NabLabels labels, boolean perfect) throws IOException {
        List<NabFile> out = new ArrayList<>();
        for (String key : labels.windows().keySet()) {
            List<SeriesCsv.Row> rows = SeriesCsv.read(data.resolve(key));
            long[] ts = rows.stream().mapToLong(SeriesCsv.Row::ts).toArray();
            double[] scores = new double[ts.length];
            NabFile f = labels.file(key, ts, scores);
            for (NabWindow w : f.windows()) {
                scores[w.first()] = perfect ? 1 : 0;
            }
            out.add(f);
        }
        return out;
    }

    @Test
    void everyWindowMapsOntoRowsOfItsFile() throws IOException {
        Path data = SharedDatasets.require("nab/data");
        NabLabels labels = NabLabels.read(SharedDatasets.require("nab/labels/combined_windows.json"));
        assertEquals(18, labels.windows().size());
        List<NabFile> corpus = corpus(data, labels, true);
        int windows = 0;
        for (NabFile f : corpus) {
            List<LabelWindow> lw = labels.windows(f.key());
            assertEquals(lw.size(), f.windows().size(), f.key());
            for (int k = 0; k < lw.size(); k++) {
                NabWindow w = f.windows().get(k);
                assertEquals(lw.get(k).startMillis(), f.timestamps()[w.first()], f.key());
                assertEquals(lw.get(k).endMillis(), f.timestamps()[w.last()], f.key());
                assertTrue(w.first() >= NabScorer.probationRows(f.rows()), f.key() + " window in probation");
            }
            windows += f.windows().size();
        }
        assertEquals(25, windows);
        Map<String, List<NabWindow>> known = Map.of(
                "realKnownCause/ec2_request_latency_system_failure.csv",
                List.of(new NabWindow(2014, 2148), new NabWindow(3328, 3462), new NabWindow(3956, 4031)),
                "realKnownCause/machine_temperature_system_failure.csv", List.of(new NabWindow(2126, 2692),
                        new NabWindow(3703, 4269), new NabWindow(16057, 16623), new NabWindow(19232, 19798)));
        for (NabFile f : corpus) {
            if (known.containsKey(f.key())) {
                assertEquals(known.get(f.key()), f.windows(), f.key());
                assertEquals(f.key().startsWith("realKnownCause/ec2") ? 4032 : 22695, f.rows(), f.key());
            }
        }
    }

    @Test
    void onTheRealCorpusNeverFiringScores0AndFiringAtWindowStartsScores100() throws IOException {
        Path data = SharedDatasets.require("nab/data");
        NabLabels labels = NabLabels.read(SharedDatasets.require("nab/labels/combined_windows.json"));
        List<NabFile> perfect = corpus(data, labels, true);
        List<NabFile> silent = corpus(data, labels, false);
        for (NabProfile p : NabProfile.standardProfiles()) {
            NabScore best = new NabScorer(perfect, p).sweep();
            assertEquals(100.0, best.normalised(), 1e-9, p.name());
            assertEquals(25, best.windowsDetected());
            NabScore none = new NabScorer(silent, p).sweep();
            assertEquals(0.0, none.normalised(), 1e-9, p.name());
            assertEquals(-25 * p.fnWeight(), none.nullScore(), 1e-9);
        }
    }
}
