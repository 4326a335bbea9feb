package io.streamcast.streams.forecast;

import io.streamcast.bench.AverageTimeBenchmark;
import io.streamcast.bench.BaselineTopology;
import io.streamcast.engine.WeightsSource;
import io.streamcast.kafka.TempFolders;
import io.streamcast.model.LiveStateCodec;
import io.streamcast.streams.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One JSON observation piped through a TopologyTestDriver over 1000 keys: the real forecast topology built
 * from the spec, or the bare baseline of {@code ./streamcast bench}'s headline (parse, store get/put of a 512-byte
 * value, JSON out): the ratio is our cost inside the real Kafka Streams machinery.
 * Stores are pre-filled with warm states so the forecast side has steady-state sizes from the first event.
 * TTD commits (flushes the stores, writes a checkpoint) after every record, which production does every
 * commit interval: expect absolute figures far below a real stream thread's.
 */
// Kafka Streams and RocksDB take 10-15 s to settle on 2 cores: shorter warm-ups measure the settling.
@Warmup(iterations = 15, time = 1)
public class TopologyDriverBenchmark extends AverageTimeBenchmark {
    private static final int BASELINE_BYTES = 512;

    @Param({"forecast", "baseline"})
    public String topology;

    private BenchFixture fx;
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> in;
    private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
    private long piped;
    private long emitted;
    private long deadLettered;
    private int next;

    @Setup
    public void setup() throws IOException {
        fx = new BenchFixture();
        // TTD flushes RocksDB after every record: on tmpfs that costs CPU, not disk latency, which is noise here.
        Path shm = Path.of("/dev/shm");
        String prefix = "streamcast-jmh-ttd";
        stateDir = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
        // As TopologyFixture: the production properties, at-least-once (TTD does not run transactions).
        Properties p = StreamsSettings.forecast(fx.spec, "unused:9092", stateDir, Map.of());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        BenchFixture.Stored[] warm = fx.warmStates();
        boolean forecast = topology.equals("forecast");
        Topology t = forecast
                ? ForecastTopology.build(fx.spec, WeightsSource.fixed(fx.weights), PipelineMetrics.detached("jmh"))
                : BaselineTopology.build(fx.spec, BASELINE_BYTES);
        driver = new TopologyTestDriver(t, p);
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(forecast ? ForecastTopology.STATE_STORE
                : "bare-state");
        KeyValueStore<Bytes, byte[]> rings = forecast ? driver.getKeyValueStore(ForecastTopology.RING_STORE) : null;
        for (int k = 0; k < BenchFixture.KEYS; k++) {
            store.put(Bytes.wrap(fx.keys[k]), forecast ? warm[k].head() : new byte[BASELINE_BYTES]);
            for (int slot = 0; forecast && slot < warm[k].segments().length; slot++) {
                if (warm[k].segments()[slot] != null) {
                    rings.put(Bytes.wrap(LiveStateCodec.ringKey(fx.keys[k], slot)), warm[k].segments()[slot]);
                }
            }
        }
        ByteArraySerializer ser = new ByteArraySerializer();
        in = driver.createInputTopic(fx.spec.topics().observations(), ser, ser);
        drain();
        if (forecast && LiveStateCodec.decode(warm[0].head(), warm[0].rings()).steps() != BenchFixture.WARM) {
            throw new IllegalStateException("warm states are not warm");
        }
    }

    @Benchmark
    public void event() {
        int k = next % BenchFixture.KEYS;
        int t = BenchFixture.WARM + next / BenchFixture.KEYS;
        next++;
        in.pipeInput(fx.keys[k], BenchFixture.json(k, t));
        piped++;
        if ((next & 1023) == 0) {
            drain();
        }
    }

    /**
     * TTD keeps every record produced until it is read, the store changelogs' state-sized records included:
     * left alone they pile up by the gigabyte and the GC, not the topology, sets the pace.
     */
    private void drain() {
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        for (String topic : driver.producedTopicNames()) {
            TestOutputTopic<byte[], byte[]> out = outputs.computeIfAbsent(topic, t -> driver.createOutputTopic(t, de, de));
            int n = out.readValuesToList().size();
            if (topic.equals(fx.spec.topics().forecasts())) {
                emitted += n;
            } else if (topic.equals(fx.spec.topics().deadLetters())) {
                deadLettered += n;
            }
        }
    }

    @TearDown
    public void close() throws IOException {
        drain();
        driver.close();
        try {
            TempFolders.delete(stateDir);
        } catch (UncheckedIOException ignored) {
            // a leftover temp folder is harmless
        }
        // Every event must have taken the forecast path, not the dead-letter one.
        if (deadLettered > 0 || emitted != piped) {
            throw new IllegalStateException(topology + ": " + piped + " events in, " + emitted + " forecasts and "
                    + deadLettered + " dead letters out");
        }
    }
}
