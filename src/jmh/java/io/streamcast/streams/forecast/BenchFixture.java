package io.streamcast.streams.forecast;

import io.streamcast.engine.ModelLoader;
import io.streamcast.engine.ForecastEngine;
import io.streamcast.engine.Observation;
import io.streamcast.engine.WeightsSource;
import io.streamcast.model.SeriesState;
import io.streamcast.model.LiveStateCodec;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import io.streamcast.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-event benchmarks' setting: the production spec (topologies/sensors.yaml, or -Dstreamcast.spec),
 * 1000 sensor keys, and per-key states warmed past the re-warm ring so they have their steady-state size.
 */
final class BenchFixture {
    static final int KEYS = 1000;
    /** Events per key before measuring: more than the sensors spec's 256-entry ring. */
    static final int WARM = 300;
    static final long T0 = 1_700_000_000_000L;
    static final long STEP_MS = 300_000L;

    final Path specFile;
    final PipelineSpec spec;
    final Weights weights;
    final byte[][] keys = new byte[KEYS][];

    BenchFixture() {
        specFile = Path.of(System.getProperty("streamcast.spec", "topologies/sensors.yaml")).toAbsolutePath();
        if (!Files.isRegularFile(specFile)) {
            throw new IllegalStateException("no spec at " + specFile + ": run from the repository root or set "
                    + "-Dstreamcast.spec");
        }
        spec = SpecLoader.load(specFile);
        weights = ModelLoader.initial(spec, specFile.getParent());
        for (int k = 0; k < KEYS; k++) {
            keys[k] = ("sensor-" + k).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A daily cycle (288 five-minute steps) with some wiggle, offset per key. */
    static double signal(int key, int t) {
        return 20 + key % 50 + 5 * Math.sin(2 * Math.PI * t / 288.0) + 0.3 * Math.sin(t * 1.7 + key);
    }

    static long ts(int t) {
        return T0 + t * STEP_MS;
    }

    static byte[] json(int key, int t) {
        return ("{\"ts\":" + ts(t) + ",\"value\":" + signal(key, t) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A key's stored records: its head, and its ring segments by slot. */
    record Stored(byte[] head, byte[][] segments) {
        LiveStateCodec.RingRecords rings() {
            return slot -> slot >= 0 && slot < segments.length ? segments[slot] : null;
        }

        /** The records after a save of this split. */
        Stored with(LiveStateCodec.Split split) {
            for (int i = 0; i < split.segmentCount(); i++) {
                segments[split.slot(i)] = split.segment(i);
            }
            return new Stored(split.head(), segments);
        }
    }

    /**
     * Every key's stored state after events 0..WARM-1, forecast and scored as the processor does: its head and its
     * ring segments.
     */
    Stored[] warmStates() {
        ForecastEngine engine = new ForecastEngine(spec);
        WeightsSource fixed = WeightsSource.fixed(weights);
        Stored[] states = new Stored[KEYS];
        for (int k = 0; k < KEYS; k++) {
            SeriesState s = engine.newState();
            String key = new String(keys[k], StandardCharsets.UTF_8);
            for (int t = 0; t < WARM; t++) {
                engine.process(key, s, new Observation(ts(t), signal(k, t)), ForecastEngine.NO_RECORD_TIME, fixed);
            }
            states[k] = new Stored(null, new byte[LiveStateCodec.slots(spec.model().window())][])
                    .with(LiveStateCodec.encode(s));
        }
        return states;
    }
}
