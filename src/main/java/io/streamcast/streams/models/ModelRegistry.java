package io.streamcast.streams.models;

import io.streamcast.engine.WeightsSource;
import io.streamcast.topics.ModelRecords;
import io.streamcast.model.CorruptDataException;
import io.streamcast.model.NetworkShape;
import io.streamcast.model.Weights;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weights each key uses, read from the global model store (the compacted model topic): a per-key
 * version if one was published for the key, else the global one, else the pipeline's initial weights.
 * Decoded weights are cached by the stored record itself, so a lookup costs a map get. A record that does
 * not decode, or whose shape differs from the spec's, is refused once with a log line and a metric, and
 * the key keeps what it had.
 */
public final class ModelRegistry implements WeightsSource {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private final KeyValueStore<String, byte[]> store;
    private final WeightsSource fallback;
    private final NetworkShape shape;
    private final Runnable onRefused;

    private final Map<String, Cached> cache = new HashMap<>();
    private final Set<String> refused = new HashSet<>();
    /** Parent of every version the training topology made (source "training"), as read from provenance. */
    private final Map<Long, Long> incrementalParent = new HashMap<>();

    private record Cached(byte[] record, Weights weights) {
    }

    public ModelRegistry(KeyValueStore<String, byte[]> store, WeightsSource fallback, NetworkShape shape,
                  Runnable onRefused) {
        this.store = store;
        this.fallback = fallback;
        this.shape = shape;
        this.onRefused = onRefused;
    }

    @Override
    public Weights forKey(String key) {
        Weights w = lookup(key);
        if (w == null) {
            w = lookup(ModelRecords.GLOBAL);
        }
        return w != null ? w : fallback.forKey(key);
    }

    @Override
    public boolean continues(long fromVersion, Weights to) {
        long v = to.version();
        for (int hops = 0; hops < 10_000; hops++) {
            Long parent = incrementalParent.get(v);
            if (parent == null) {
                return false;
            }
            if (parent == fromVersion) {
                return true;
            }
            v = parent;
        }
        return false;
    }

    private Weights lookup(String modelKey) {
        byte[] record = store.get(modelKey);
        Cached c = cache.get(modelKey);
        if (record == null) {
            return c == null ? null : c.weights();
        }
        if (c != null && c.record() == record) {
            return c.weights();
        }
        Weights w = decode(modelKey, record);
        if (w == null) {
            // Refused: keep what we had, and do not look at this record again.
            Weights kept = c == null ? null : c.weights();
            cache.put(modelKey, new Cached(record, kept));
            return kept;
        }
        cache.put(modelKey, new Cached(record, w));
        return w;
    }

    private Weights decode(String modelKey, byte[] record) {
        try {
            ModelRecords.Published p = ModelRecords.decode(record);
            if (!p.weights().shape().equals(shape)) {
                refuse(modelKey, "version " + p.weights().version() + " is a " + p.weights().shape()
                        + " model but the spec asks for " + shape);
                return null;
            }
            if (!p.weights().allFinite()) {
                refuse(modelKey, "version " + p.weights().version() + " has non-finite weights");
                return null;
            }
            if ("training".equals(p.provenance().source())) {
                incrementalParent.put(p.weights().version(), p.provenance().parent());
            }
            LOG.info("model '{}' version {} loaded ({}, from {})", modelKey, p.weights().version(),
                    p.weights().shape(), p.provenance().source());
            return p.weights();
        } catch (CorruptDataException e) {
            refuse(modelKey, e.getMessage());
            return null;
        }
    }

    private void refuse(String modelKey, String why) {
        onRefused.run();
        String id = modelKey + ":" + why;
        if (refused.add(id)) {
            LOG.warn("refused a model record for '{}': {}; keeping the current version",
                    new String(modelKey.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), why);
        }
    }
}
