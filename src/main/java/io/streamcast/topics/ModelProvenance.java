package io.streamcast.topics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a published model version came from. Travels as JSON beside the binary weights on the model topic.
 *
 * @param version       the version number (the weights carry the same)
 * @param parent        the version it was trained from
 * @param pipeline      the spec's name
 * @param modelKey      {@value ModelRecords#GLOBAL} for a global model, else the series key
 * @param source        "offline" (streamcast train) or "training" (the training topology)
 * @param seed          the training seed
 * @param dataFrom      first event time of the training data (epoch ms)
 * @param dataTo        last event time of the training data (epoch ms)
 * @param windows       tBPTT windows that went into it
 * @param trainingLoss  mean loss over the last epoch or batch
 * @param canaryLoss    loss of this version on the held-back windows (null when not measured)
 * @param parentCanaryLoss loss of the parent on the same windows (null when not measured)
 * @param createdAt     wall-clock time of publication (epoch ms)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelProvenance(long version, long parent, String pipeline, String modelKey, String source, long seed,
                              long dataFrom, long dataTo, long windows, double trainingLoss, Double canaryLoss,
                              Double parentCanaryLoss, long createdAt) {
}
