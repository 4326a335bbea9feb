package io.streamcast.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.calendar.CalendarEvent;
import io.streamcast.calendar.CalendarJson;
import java.util.ArrayList;
import java.util.List;

import io.streamcast.anomaly.AnomalyConfig;
import io.streamcast.anomaly.Deviation;
import io.streamcast.model.CellType;
import io.streamcast.model.Combination;
import io.streamcast.model.DirectConfig;
import io.streamcast.model.LossType;
import io.streamcast.model.ModelConfig;
import io.streamcast.model.NormaliserConfig;
import io.streamcast.model.TimeFeatures;
import io.streamcast.model.TrainerConfig;

/**
 * One deployable pipeline, as written in a file under {@code topologies/}. Every section has defaults,
 * so a spec names only what it changes. Both topologies are pure functions of this record.
 */
public record PipelineSpec(String name, String applicationId, Topics topics, Model model, Forecast forecast,
                           Anomaly anomaly, Input input, Processing processing, Training training,
                           Backtest backtest, List<JsonNode> calendar) {

    public PipelineSpec {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        applicationId = applicationId == null ? "streamcast-" + name : applicationId;
        topics = topics == null ? new Topics(null, null, null, null, null, null, null, null) : topics;
        topics = topics.withDefaults(name);
        model = model == null ? new Model(null, null, null, null, null, null, null, null, null, null, null, null, null, null) : model;
        forecast = forecast == null ? new Forecast(null, null, null, null, null, null, null) : forecast;
        anomaly = anomaly == null ? new Anomaly(null, null, null, null, null, null, null, null, null, null, null, null) : anomaly;
        input = input == null ? new Input(null, null, null) : input;
        processing = processing == null ? new Processing(null, null, null, null, null, null, null, null, null, null) : processing;
        training = training == null ? new Training(null, null, null, null, null, null, null, null, null, null, null, null, null, null) : training;
        backtest = backtest == null ? new Backtest(null) : backtest;
        calendar = calendar == null ? List.of() : List.copyOf(calendar);
        // Build the model's own configs now, so a bad value fails at load time with its field name.
        modelConfig(model, forecast);
        if (anomaly.config().seasonalOpinion() && !(forecast.combine() && forecast.season() > 0)) {
            throw new IllegalArgumentException("anomaly.secondOpinion: seasonal needs the seasonal-naive forecast: set "
                    + "forecast.season (e.g. 288 for a day of 5-minute events) and leave forecast.combine on");
        }
        training.config();
        calendarEvents(calendar);
    }

    /** The known events the spec declares ({@code calendar:}); more come from the calendar topic. */
    public List<CalendarEvent> calendarEvents() {
        return calendarEvents(calendar);
    }

    private static List<CalendarEvent> calendarEvents(List<JsonNode> nodes) {
        List<CalendarEvent> events = new ArrayList<>();
        for (JsonNode n : nodes) {
            try {
                events.add(CalendarJson.parse(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("calendar: " + e.getMessage(), e);
            }
        }
        return events;
    }

    /** The same pipeline writing its forecasts to another topic (benchmarks, isolated replays). */
    public PipelineSpec withForecastTopic(String topic) {
        Topics t = new Topics(topics.observations(), topic, topics.alerts(), topics.deadLetters(), topics.models(),
                topics.trainingUpdates(), topics.partitions(), topics.calendar());
        return new PipelineSpec(name, applicationId, t, model, forecast, anomaly, input, processing, training, backtest,
                calendar);
    }

    /** The same pipeline under another application id and topics: a replay that must not touch the live one. */
    public PipelineSpec isolated(String otherApplicationId, Topics otherTopics) {
        return new PipelineSpec(name, otherApplicationId, otherTopics, model, forecast, anomaly, input, processing,
                training, backtest, calendar);
    }

    /** The same pipeline with each forecast carrying {@code steps} steps ahead (forecast.horizon). */
    public PipelineSpec withForecastHorizon(int steps) {
        Forecast f = new Forecast(forecast.intervalLevel(), forecast.combine(), forecast.combineHalfLife(),
                forecast.season(), forecast.season2(), steps, forecast.direct());
        return new PipelineSpec(name, applicationId, topics, model, f, anomaly, input, processing, training, backtest,
                calendar);
    }

    /** The same pipeline with its direct head file, if it names one, resolved against {@code folder}. */
    public PipelineSpec withDirectFileUnder(java.nio.file.Path folder) {
        Direct d = forecast.direct();
        if (d.file() == null || folder == null || java.nio.file.Path.of(d.file()).isAbsolute()) {
            return this;
        }
        Direct resolved = new Direct(d.lookback(), d.horizon(), d.ridge(), d.stride(), d.origins(), d.share(),
                d.hidden(), d.epochs(), d.seeds(), folder.resolve(d.file()).toString());
        Forecast f = new Forecast(forecast.intervalLevel(), forecast.combine(), forecast.combineHalfLife(),
                forecast.season(), forecast.season2(), forecast.horizon(), resolved);
        return new PipelineSpec(name, applicationId, topics, model, f, anomaly, input, processing, training, backtest,
                calendar);
    }

    /** The same pipeline under another processing guarantee (replays, the benchmark's runs). */
    public PipelineSpec withGuarantee(String guarantee) {
        return new PipelineSpec(name, applicationId, topics, model, forecast, anomaly, input,
                processing.withGuarantee(guarantee), training, backtest, calendar);
    }

    /** The same pipeline with another step size for the training application. */
    public PipelineSpec withOnlineLearningRate(double rate) {
        Training t = new Training(training.k1(), training.k2(), training.learningRate(), training.clipNorm(),
                training.loss(), training.epochs(), rate, training.publishEvery(), training.publishIntervalMs(),
                training.canaryEvery(), training.canaryWindows(), training.canaryMargin(), training.skipIncidents(),
                training.replayWindows());
        return new PipelineSpec(name, applicationId, topics, model, forecast, anomaly, input, processing, t, backtest,
                calendar);
    }

    public ModelConfig modelConfig() {
        return modelConfig(model, forecast);
    }

    private static ModelConfig modelConfig(Model m, Forecast f) {
        return new ModelConfig(CellType.parse(m.cell), m.hiddenSize, m.layers, TimeFeatures.parse(m.timeFeatures), m.deltaFeature,
                m.normaliser.config(), f.intervalLevel, m.window, m.seed, m.residual, m.residualLag,
                m.residualLag2, m.residualWeight2, f.combination());
    }

    public AnomalyConfig anomalyConfig() {
        return anomaly.config();
    }

    public TrainerConfig trainerConfig() {
        return training.config();
    }

    /** Topic names; each defaults to {@code <name>.<role>}. */
    public record Topics(String observations, String forecasts, String alerts, String deadLetters, String models,
                         String trainingUpdates, Integer partitions, String calendar) {
        Topics withDefaults(String n) {
            int p = partitions == null ? 4 : partitions;
            if (p < 1 || p > 10_000) {
                throw new IllegalArgumentException("topics.partitions must be in [1, 10000], got " + p);
            }
            return new Topics(or(observations, n + ".observations"), or(forecasts, n + ".forecasts"),
                    or(alerts, n + ".alerts"), or(deadLetters, n + ".dead-letters"), or(models, n + ".models"),
                    or(trainingUpdates, n + ".training-updates"), p, or(calendar, n + ".calendar"));
        }
    }

    /**
     * @param scope   global (one weight set for every key) or per-key
     * @param weights "builtin", or a weights file written by {@code streamcast train}
     */
    public record Model(String cell, Integer hiddenSize, Integer layers, String scope, String timeFeatures,
                        Boolean deltaFeature, Boolean residual, Integer window, Long seed, String weights,
                        Normaliser normaliser, Integer residualLag, Integer residualLag2, Double residualWeight2) {
        public Model {
            cell = or(cell, "gru");
            hiddenSize = or(hiddenSize, 32);
            layers = or(layers, 1);
            scope = or(scope, "global");
            if (!scope.equals("global") && !scope.equals("per-key")) {
                throw new IllegalArgumentException("model.scope must be one of global, per-key, got '" + scope + "'");
            }
            timeFeatures = or(timeFeatures, "none");
            deltaFeature = or(deltaFeature, true);
            residual = or(residual, true);
            residualLag = or(residualLag, 1);
            residualLag2 = or(residualLag2, 0);
            residualWeight2 = or(residualWeight2, 0.5);
            window = or(window, 64);
            seed = or(seed, 42L);
            weights = or(weights, "builtin");
            normaliser = normaliser == null ? new Normaliser(null, null, null) : normaliser;
        }
    }

    public record Normaliser(Double halfLife, Integer warmup, Double varianceFloor) {
        NormaliserConfig config() {
            NormaliserConfig d = NormaliserConfig.defaults();
            return new NormaliserConfig(or(halfLife, d.halfLife()), or(warmup, d.warmup()),
                    or(varianceFloor, d.varianceFloor()));
        }
    }

    /**
     * @param combine         blend the network's forecast with the naive (and seasonal-naive) ones by their recent
     *                        errors on each key, so no key is forecast much worse than by repeating its last value
     * @param combineHalfLife events after which an error counts half in that blend
     * @param season          0, or the seasonal-naive lag in events that joins the blend (at most model.window)
     * @param season2         0, or a second, longer season whose seasonal-naive forecast joins the blend of the
     *                        forecasts more than one step ahead (with season; season2 + 24 at most model.window)
     * @param horizon         0, or how many steps ahead each forecast record carries (the key's next H forecasts
     *                        with their intervals, spaced by its median gap between events)
     */
    public record Forecast(Double intervalLevel, Boolean combine, Double combineHalfLife, Integer season,
                           Integer season2, Integer horizon, Direct direct) {
        public static final int MAX_HORIZON = 1000;

        public Forecast {
            intervalLevel = or(intervalLevel, 0.95);
            combine = or(combine, true);
            combineHalfLife = or(combineHalfLife, 24.0);
            season = or(season, 0);
            season2 = or(season2, 0);
            horizon = or(horizon, 0);
            direct = direct == null ? Direct.NONE : direct;
            if (horizon < 0 || horizon > MAX_HORIZON) {
                throw new IllegalArgumentException("forecast.horizon must be in [0, " + MAX_HORIZON
                        + "] steps (0: the next event only), got " + horizon);
            }
        }

        Combination combination() {
            return new Combination(combine, combineHalfLife, season, season2, direct.config());
        }
    }

    /**
     * The direct multi-horizon head ({@link DirectConfig}). A backtest fits it on the rows it may see before it
     * replays them; a live pipeline reads the head {@code streamcast train} fitted from {@code file}.
     *
     * @param file a head file written by {@code streamcast train} (relative to the spec's folder), or null
     */
    public record Direct(Integer lookback, Integer horizon, Double ridge, Integer stride, Integer origins,
                         Double share, Integer hidden, Integer epochs, Integer seeds, String file) {
        static final Direct NONE = new Direct(0, null, null, null, null, null, null, null, null, null);

        public Direct {
            lookback = or(lookback, 0);
            horizon = or(horizon, 48);
            ridge = or(ridge, 100.0);
            stride = or(stride, 3);
            origins = or(origins, 3);
            share = or(share, 0.5);
            hidden = or(hidden, 0);
            epochs = or(epochs, hidden > 0 ? 5 : 0);
            seeds = or(seeds, 1);
        }

        public DirectConfig config() {
            return lookback == 0 ? DirectConfig.NONE
                    : new DirectConfig(lookback, horizon, ridge, stride, origins, share, hidden, epochs, seeds);
        }
    }

    /**
     * @param secondOpinion "none" (the default) or "seasonal": see {@link AnomalyConfig#seasonalOpinion()}
     * @param tailHalfLife  0 (the default) or the empirical tail's half-life: see {@link AnomalyConfig#tailHalfLife()}
     */
    public record Anomaly(Double longHalfLife, Double shortHalfLife, Integer warmup, Double triggerLikelihood,
                          Double minScore, Double criticalLikelihood, Double recoveryLikelihood, Integer recoveryEvents,
                          Integer flatlineEvents, String deviation, String secondOpinion, Double tailHalfLife) {
        AnomalyConfig config() {
            AnomalyConfig d = AnomalyConfig.defaults();
            return new AnomalyConfig(or(longHalfLife, d.longHalfLife()), or(shortHalfLife, d.shortHalfLife()),
                    or(warmup, d.warmup()), or(triggerLikelihood, d.triggerLikelihood()),
                    or(minScore, d.minScore()), or(criticalLikelihood, d.criticalLikelihood()), or(recoveryLikelihood, d.recoveryLikelihood()),
                    or(recoveryEvents, d.recoveryEvents()), or(flatlineEvents, d.flatlineEvents()),
                    deviation == null ? d.deviation() : Deviation.parse(deviation), seasonalOpinion(),
                    or(tailHalfLife, d.tailHalfLife()));
        }

        private boolean seasonalOpinion() {
            if (secondOpinion == null || secondOpinion.equals("none")) {
                return false;
            }
            if (secondOpinion.equals("seasonal")) {
                return true;
            }
            throw new IllegalArgumentException("anomaly.secondOpinion must be one of none, seasonal, got '"
                    + secondOpinion + "'");
        }
    }

    /** @param maxAbsValue values of larger magnitude are dead-lettered as absurd */
    /**
     * @param maxAbsValue larger magnitudes are dead-lettered
     * @param maxFutureMs how far an event's timestamp may lie after its record's Kafka timestamp: further is a
     *                    timestamp in other units or a clock gone wrong, and accepting it would make every later
     *                    real event of the key look out of order
     * @param lateGraceMs how late an event may arrive and still be stepped in its place: a key's events wait
     *                    until its newest event is this much later, then go in time order (0: a hard order, an
     *                    event not after the key's last one is dead-lettered at once)
     */
    public record Input(Double maxAbsValue, Long maxFutureMs, Long lateGraceMs) {
        public Input {
            maxAbsValue = or(maxAbsValue, 1e12);
            if (!(maxAbsValue > 0)) {
                throw new IllegalArgumentException("input.maxAbsValue must be > 0, got " + maxAbsValue);
            }
            maxFutureMs = or(maxFutureMs, 86_400_000L);
            if (maxFutureMs < 0) {
                throw new IllegalArgumentException("input.maxFutureMs must be >= 0, got " + maxFutureMs);
            }
            lateGraceMs = or(lateGraceMs, 0L);
            if (lateGraceMs < 0 || lateGraceMs > 86_400_000L) {
                throw new IllegalArgumentException("input.lateGraceMs must be in [0, 86400000] (a day), got "
                        + lateGraceMs);
            }
        }
    }

    /**
     * @param metricsPort    the instance's one HTTP port: /metrics, /health, /ready and the /series queries
     * @param httpHost       the address that port binds to ("0.0.0.0" in containers)
     * @param advertisedHost how the other instances of the application reach this one (Kafka Streams'
     *                       application.server); defaults to httpHost
     * @param cacheMaxBytes  the record cache in front of the state stores (Kafka Streams' statestore.cache.max.bytes);
     *                       null: {@link #recordCacheBytes()}'s default
     */
    public record Processing(String guarantee, Long commitIntervalMs, Integer standbyReplicas, Integer threads,
                             Integer metricsPort, String httpHost, String advertisedHost, Integer historyPoints,
                             Integer historyKeys, Long cacheMaxBytes) {
        public Processing {
            guarantee = or(guarantee, "exactly_once_v2");
            if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
                throw new IllegalArgumentException("processing.guarantee must be one of exactly_once_v2, "
                        + "at_least_once, got '" + guarantee + "'");
            }
            commitIntervalMs = or(commitIntervalMs, 200L);
            standbyReplicas = or(standbyReplicas, 0);
            threads = or(threads, 1);
            metricsPort = or(metricsPort, 9464);
            httpHost = or(httpHost, "127.0.0.1");
            advertisedHost = or(advertisedHost, httpHost);
            host("processing.httpHost", httpHost);
            host("processing.advertisedHost", advertisedHost);
            if (commitIntervalMs < 1) {
                throw new IllegalArgumentException("processing.commitIntervalMs must be >= 1, got " + commitIntervalMs);
            }
            if (standbyReplicas < 0 || threads < 1) {
                throw new IllegalArgumentException("processing.standbyReplicas must be >= 0 and threads >= 1, got "
                        + standbyReplicas + " and " + threads);
            }
            if (metricsPort < 0 || metricsPort > 65535) {
                throw new IllegalArgumentException("processing.metricsPort must be in [0, 65535], got " + metricsPort);
            }
            // The console's recent points per key, in memory (about 57 bytes a point): 1,000 points of 2,000 keys
            // is about 115 MB of heap; 0 turns the history off.
            historyPoints = or(historyPoints, 1000);
            historyKeys = or(historyKeys, 2000);
            if (cacheMaxBytes != null && cacheMaxBytes < 0) {
                throw new IllegalArgumentException("processing.cacheMaxBytes must be >= 0 (0: no cache), got "
                        + cacheMaxBytes);
            }
            if (cacheMaxBytes != null && cacheMaxBytes > 0 && !atLeastOnce(guarantee)) {
                throw new IllegalArgumentException("processing.cacheMaxBytes needs processing.guarantee: "
                        + "at_least_once: under exactly_once_v2 the record cache let our crash test (ChaosRunIT) see "
                        + "forecasts repeated after kills; leave it out, or set it to 0");
            }
            if (historyPoints < 0 || historyPoints > 100_000 || historyKeys < 0) {
                throw new IllegalArgumentException("processing.historyPoints must be in [0, 100000] and historyKeys "
                        + ">= 0, got " + historyPoints + " and " + historyKeys);
            }
        }

        /**
         * The record cache in front of the forecast stores: a key's state is rewritten with every event, and the
         * cache sends it to RocksDB and the changelog once per commit instead. Kafka Streams' default 10 MiB under
         * at-least-once; none under exactly-once, where our crash test saw repeated forecasts with it.
         */
        public long recordCacheBytes() {
            return cacheMaxBytes != null ? cacheMaxBytes : atLeastOnce(guarantee) ? 10L * 1024 * 1024 : 0;
        }

        /** The same settings under another processing guarantee (the benchmark runs both). */
        public Processing withGuarantee(String g) {
            return new Processing(g, commitIntervalMs, standbyReplicas, threads, metricsPort, httpHost, advertisedHost,
                    historyPoints, historyKeys, atLeastOnce(g) ? cacheMaxBytes : null);
        }

        private static boolean atLeastOnce(String guarantee) {
            return guarantee.equals("at_least_once");
        }

        /** The same settings served on another address (command-line overrides). */
        public Processing withHttp(String host, String advertised) {
            String h = or(host, httpHost);
            return new Processing(guarantee, commitIntervalMs, standbyReplicas, threads, metricsPort, h,
                    or(advertised, advertisedHost.equals(httpHost) ? h : advertisedHost), historyPoints, historyKeys,
                    cacheMaxBytes);
        }

        private static void host(String field, String value) {
            // A host name, IPv4 address or bracketed IPv6 address, without a port: it becomes application.server.
            if (!value.matches("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]")) {
                throw new IllegalArgumentException(field + " must be a host name or IP address, got '" + value + "'");
            }
        }
    }

    /**
     * Offline training ({@code streamcast train}) and the training topology.
     *
     * @param publishEvery      the training topology publishes a version after this many windows...
     * @param publishIntervalMs ...or after this long with at least one step taken, whichever comes first
     * @param canaryEvery       every n-th window of a key is held back from training to score candidates on
     * @param canaryWindows     how many held-back windows (a uniform sample of all so far) a candidate is scored on
     * @param canaryMargin      a candidate is published only if its canary loss is at most the current
     *                          version's + margin·(|loss| + 1)
     * @param skipIncidents     windows that overlap an alert (open to resolved) are not learnt from
     * @param replayWindows     the aggregation keeps a uniform sample of this many past windows and learns one of
     *                          them after every new window (0: off), so the model keeps the whole cycle
     */
    public record Training(Integer k1, Integer k2, Double learningRate, Double clipNorm, String loss, Integer epochs,
                           Double onlineLearningRate, Integer publishEvery, Long publishIntervalMs,
                           Integer canaryEvery, Integer canaryWindows, Double canaryMargin,
                           Boolean skipIncidents, Integer replayWindows) {
        public Training {
            onlineLearningRate = or(onlineLearningRate, 0.0001);
            publishEvery = or(publishEvery, 256);
            publishIntervalMs = or(publishIntervalMs, 30_000L);
            canaryEvery = or(canaryEvery, 10);
            canaryWindows = or(canaryWindows, 64);
            replayWindows = or(replayWindows, 256);
            if (replayWindows < 0) {
                throw new IllegalArgumentException("training.replayWindows must be >= 0, got " + replayWindows);
            }
            canaryMargin = or(canaryMargin, 0.01);
            skipIncidents = or(skipIncidents, true);
            positive("training.publishEvery", publishEvery);
            positive("training.publishIntervalMs", publishIntervalMs);
            positive("training.canaryEvery", canaryEvery);
            positive("training.canaryWindows", canaryWindows);
            if (!(onlineLearningRate > 0) || !(canaryMargin >= 0)) {
                throw new IllegalArgumentException("training.onlineLearningRate must be > 0 and training.canaryMargin"
                        + " >= 0, got " + onlineLearningRate + " and " + canaryMargin);
            }
        }

        TrainerConfig config() {
            TrainerConfig d = TrainerConfig.defaults();
            LossType lt = loss == null ? d.loss() : LossType.parse(loss);
            int ep = or(epochs, 3);
            if (ep < 1) {
                throw new IllegalArgumentException("training.epochs must be >= 1, got " + ep);
            }
            return new TrainerConfig(or(k1, d.k1()), or(k2, d.k2()), or(learningRate, d.learningRate()), d.beta1(),
                    d.beta2(), d.epsilon(), or(clipNorm, d.clipNorm()), d.lossGuardFactor(), lt);
        }

        /** The training topology's settings: the offline ones with the online step size. */
        public TrainerConfig onlineConfig() {
            return config().withLearningRate(onlineLearningRate);
        }

        public int epochCount() {
            return or(epochs, 3);
        }

        private static void positive(String field, long v) {
            if (v < 1) {
                throw new IllegalArgumentException(field + " must be >= 1, got " + v);
            }
        }
    }

    /**
     * Backtest settings.
     *
     * @param seasonalPeriod steps per season for MASE and the seasonal baselines; 0 takes one day of the
     *                       data's usual step (24 for hourly data, 288 for 5-minute data)
     */
    public record Backtest(Integer seasonalPeriod) {
        public Backtest {
            seasonalPeriod = or(seasonalPeriod, 0);
            if (seasonalPeriod < 0) {
                throw new IllegalArgumentException("backtest.seasonalPeriod must be >= 0, got " + seasonalPeriod);
            }
        }
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
