package io.streamcast.streams;

import io.streamcast.model.Weights;

/** Which weights a key's next step uses: one set for a global model, one per key for a per-key model. */
@FunctionalInterface
public interface WeightsSource {
    Weights forKey(String key);

    static WeightsSource fixed(Weights w) {
        return key -> w;
    }
}
