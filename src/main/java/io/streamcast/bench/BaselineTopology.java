package io.streamcast.bench;

import io.streamcast.topics.TopicRegistry;
import io.streamcast.engine.Swap;
import io.streamcast.topics.ForecastRecord;
import io.streamcast.engine.Observation;
import io.streamcast.engine.ObservationParser;
import io.streamcast.topics.RecordJson;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import io.streamcast.streams.forecast.ForecastTopology;

/**
 * The throughput baselines: what any stateful JSON pipeline does per event, and nothing of ours: parse the
 * same JSON, get and put a value of a given size (512 bytes, the size a user's own small state would have) in
 * the same kind of store, emit a JSON record of a forecast's size; and a passthrough, the floor. The benchmark
 * runs them beside the forecast topology, so the ratios are our model's and our state's cost.
 */
public final class BaselineTopology {
    private BaselineTopology() {
    }

    /** The floor: records copied from the input to the output topic, bytes untouched, no state. */
    public static Topology passthrough(PipelineSpec spec) {
        TopicRegistry t = TopicRegistry.of(spec);
        Topology topology = new Topology();
        topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                t.observations().name());
        topology.addSink("out", t.forecasts().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                "in");
        return topology;
    }

    /** The size of the JSON record the baseline emits per event, as a forecast record of the same figures. */
    public static int recordBytes() {
        return new RecordJson().write(new ForecastRecord("sensor-123", 1_700_000_000_000L, 20.123456789,
                20.123456789, 19.123456789, 21.123456789, 1, 0, 0.4, 0.5, true, Swap.NONE)).length;
    }

    public static Topology build(PipelineSpec spec, int stateBytes) {
        TopicRegistry t = TopicRegistry.of(spec);
        Topology topology = new Topology();
        topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                t.observations().name());
        topology.addProcessor("bare", () -> new Bare(spec.input().maxAbsValue(), stateBytes), "in");
        // Built as the forecast topology builds its stores (the record cache exactly when theirs have it).
        topology.addStateStore(ForecastTopology.store(spec, "bare-state"), "bare");
        topology.addSink("out", t.forecasts().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                "bare");
        return topology;
    }

    private static final class Bare implements Processor<byte[], byte[], byte[], byte[]> {
        private final ObservationParser parser;
        private final int stateBytes;
        private final RecordJson json = new RecordJson();
        private ProcessorContext<byte[], byte[]> ctx;
        private KeyValueStore<Bytes, byte[]> store;

        Bare(double maxAbs, int stateBytes) {
            this.parser = new ObservationParser(maxAbs);
            this.stateBytes = stateBytes;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            ctx = context;
            store = context.getStateStore("bare-state");
        }

        @Override
        public void process(Record<byte[], byte[]> r) {
            Observation o;
            try {
                o = parser.parse(r.value());
            } catch (ObservationParser.Rejection e) {
                return;
            }
            Bytes key = Bytes.wrap(r.key());
            byte[] old = store.get(key);
            byte[] next = old == null ? new byte[stateBytes] : old.clone();
            next[0]++;
            store.put(key, next);
            String k = new String(r.key(), StandardCharsets.UTF_8);
            ctx.forward(new Record<>(r.key(), json.write(new ForecastRecord(k, o.ts(), o.value(), o.value(),
                    o.value() - 1, o.value() + 1, 1, 0, 0.4, 0.5, true, Swap.NONE)), r.timestamp()));
        }
    }
}
