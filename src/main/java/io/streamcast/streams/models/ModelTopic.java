package io.streamcast.streams.models;

import io.streamcast.topics.ModelProvenance;
import io.streamcast.topics.ModelRecords;
import io.streamcast.topics.SmallTopics;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Publishing to and listing the compacted model topic. */
public final class ModelTopic {
    /** A record found on the topic. */
    public record Entry(String modelKey, long offset, long timestamp, ModelProvenance provenance, String error) {
    }

    private ModelTopic() {
    }

    public static void publish(String bootstrap, Map<String, String> clientProps, PipelineSpec spec, String modelKey,
                               ModelProvenance provenance, Weights weights) throws Exception {
        SmallTopics.send(bootstrap, clientProps, spec.topics().models(), modelKey.getBytes(StandardCharsets.UTF_8),
                ModelRecords.encode(provenance, weights));
    }

    /** Every record currently on the topic, oldest first (compaction keeps at least the latest per key). */
    public static List<Entry> list(String bootstrap, Map<String, String> clientProps, PipelineSpec spec) {
        List<Entry> out = new ArrayList<>();
        SmallTopics.readAll(bootstrap, clientProps, spec.topics().models(), r -> {
            String key = r.key() == null ? "(null)" : new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                return;
            }
            try {
                out.add(new Entry(key, r.offset(), r.timestamp(), ModelRecords.decode(r.value()).provenance(), null));
            } catch (IllegalArgumentException e) {
                out.add(new Entry(key, r.offset(), r.timestamp(), null, e.getMessage()));
            }
        });
        return out;
    }
}
