package io.streamcast.engine;

import io.streamcast.model.Weights;

/** Which weights a key's next step uses: one set for a global model, one per key for a per-key model. */
@FunctionalInterface
public interface WeightsSource {
    Weights forKey(String key);

    /**
     * Whether a key whose hidden state was computed by {@code fromVersion} may keep it under {@code to}: true
     * when {@code to} was trained incrementally from that version (the training topology's lineage), whose
     * hidden states mean the same. Otherwise the key re-warms.
     */
    default boolean continues(long fromVersion, Weights to) {
        return false;
    }

    static WeightsSource fixed(Weights w) {
        return key -> w;
    }
}
