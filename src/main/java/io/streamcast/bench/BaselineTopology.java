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
import org.apache.kafka.streams.state.Stores;

/**
 * The throughput baseline: what any stateful JSON pipeline does per event, and nothing of ours: parse the
 * same JSON, get and put a value of our state's size in the same kind of store, emit a JSON record of a
 * forecast's size. The benchmark runs it beside the forecast topology, so the ratio is our model's cost.
 */
public final class BaselineTopology {
    private BaselineTopology() {
    }

    public static Topology build(PipelineSpec spec, int stateBytes) {
        TopicRegistry t = TopicRegistry.of(spec);
        Topology topology = new Topology();
        topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                t.observations().name());
        topology.addProcessor("bare", () -> new Bare(spec.input().maxAbsValue(), stateBytes), "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("bare-state"),
                Serdes.Bytes(), Serdes.ByteArray()), "bare");
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
