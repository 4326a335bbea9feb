package io.streamcast.engine;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.anomaly.AnomalyScorer;
import io.streamcast.calendar.Calendar;
import io.streamcast.calendar.CalendarEvent;
import io.streamcast.model.Ahead;
import io.streamcast.model.AnomalyStats;
import io.streamcast.model.DirectHead;
import io.streamcast.model.Forecast;
import io.streamcast.model.Forecaster;
import io.streamcast.model.SeriesState;
import io.streamcast.model.StepResult;
import io.streamcast.model.Weights;
import io.streamcast.spec.PipelineSpec;
import java.util.List;

/**
 * The forecast processor's per-event logic without Kafka: value and order checks, model-version swap, RNN step and
 * anomaly score on a key's state. The processor wraps it with a state store and sinks; a backtest drives it
 * from files with states in a map. One code path, so a replay gives the live run's forecasts bit for bit.
 */
public final class ForecastEngine {
    private final Forecaster forecaster;
    private final AnomalyScorer scorer;
    private final ObservationParser checks;
    private final long maxFutureMs;
    /** The spec's late-data grace, or null for a hard order. */
    private final ReorderBuffer reorder;
    private final Calendar calendar;
    private final int horizon;

    /** A record time for events that have none (rows of a file): no bound against it. */
    public static final long NO_RECORD_TIME = -1;

    /** With the spec's calendar events only, and its direct head file if it names one (a replay of a live run). */
    public ForecastEngine(PipelineSpec spec) {
        this(spec, Calendar.of(spec.calendarEvents()));
    }

    /** @param calendar the known events honoured (the live pipeline's follow the calendar topic too) */
    public ForecastEngine(PipelineSpec spec, Calendar calendar) {
        this(spec, calendar, ModelLoader.directHead(spec));
    }

    /** @param direct the direct head fitted for the spec's {@code forecast.direct}, or null to forecast without it */
    public ForecastEngine(PipelineSpec spec, Calendar calendar, DirectHead direct) {
        this.calendar = calendar;
        this.forecaster = new Forecaster(spec.modelConfig(), direct);
        this.scorer = new AnomalyScorer(spec.anomalyConfig());
        this.checks = new ObservationParser(spec.input().maxAbsValue());
        this.maxFutureMs = spec.input().maxFutureMs();
        this.reorder = spec.input().lateGraceMs() > 0 ? new ReorderBuffer(spec.input().lateGraceMs()) : null;
        this.horizon = spec.forecast().horizon();
    }

    /**
     * With {@code forecast.horizon}: the key's next forecasts after the event just processed, from the weights
     * it was stepped with; null without a horizon or before the key's second event.
     */
    public Ahead ahead(String key, SeriesState state, WeightsSource weights) {
        return horizon == 0 ? null : forecaster.ahead(state, weights.forKey(key), horizon);
    }

    /** Whether events go through {@link #admit} (input.lateGraceMs > 0) instead of straight to {@link #process}. */
    public boolean hasGrace() {
        return reorder != null;
    }

    /**
     * With a grace: takes an event into the key's {@code waiting} events (changed in place) after the checks that
     * do not depend on the key's state, and appends the events now due to {@code due}, in time order, for
     * {@link #process}. Returns why the event is refused (nothing changes then), or null.
     */
    public EventOutcome.Rejected admit(SeriesState state, List<ReorderBuffer.Pending> waiting, Observation obs,
                                       long recordTime, List<ReorderBuffer.Pending> due) {
        EventOutcome.Rejected unusable = check(obs, recordTime);
        return unusable != null ? unusable : reorder.offer(waiting, state.lastEventTime(),
                new ReorderBuffer.Pending(obs.ts(), obs.value(), recordTime), due);
    }

    public Forecaster forecaster() {
        return forecaster;
    }

    public SeriesState newState() {
        return forecaster.newState();
    }

    /** Why an event cannot be used whatever the key's state (its value, its time against its record's), or null. */
    public EventOutcome.Rejected check(Observation obs, long recordTime) {
        try {
            checks.checkValue(obs.value());
        } catch (ObservationParser.Rejection r) {
            return new EventOutcome.Rejected(r.reason(), r.getMessage());
        }
        if (recordTime >= 0 && obs.ts() - recordTime > maxFutureMs) {
            return new EventOutcome.Rejected(DeadLetterReason.BAD_TIMESTAMP, "ts " + obs.ts() + " is "
                    + (obs.ts() - recordTime) / 1000 + " s after the record's own time " + recordTime
                    + " (input.maxFutureMs allows " + maxFutureMs + "): send epoch milliseconds, not micro- or "
                    + "nanoseconds, from a clock that is right");
        }
        return null;
    }

    /**
     * Takes one event for a key: rejects an unusable value, a timestamp further than {@code input.maxFutureMs}
     * after the record's own Kafka timestamp, or one not after the key's last event (leaving the state as it
     * was); otherwise swaps to the key's current model version if it changed, steps the RNN and scores the value
     * against the forecast made for it.
     *
     * @param recordTime the record's Kafka timestamp, or {@link #NO_RECORD_TIME} (a row of a file)
     */
    public EventOutcome process(String key, SeriesState state, Observation obs, long recordTime,
                                WeightsSource weights) {
        EventOutcome.Rejected unusable = check(obs, recordTime);
        if (unusable != null) {
            return unusable;
        }
        if (state.lastEventTime() != SeriesState.NO_EVENT && obs.ts() <= state.lastEventTime()) {
            return new EventOutcome.Rejected(DeadLetterReason.OUT_OF_ORDER,
                    "ts " + obs.ts() + " is not after the key's last event " + state.lastEventTime());
        }
        Weights w = weights.forKey(key);
        Swap swap = Swap.NONE;
        if (state.steps() > 0 && state.modelVersion() != w.version()) {
            if (weights.continues(state.modelVersion(), w)) {
                forecaster.adopt(state, w);
                swap = Swap.CARRIED;
            } else {
                forecaster.rewarm(state, w);
                swap = Swap.REWARMED;
            }
        }
        long previous = state.lastEventTime();
        StepResult r = forecaster.step(state, w, obs.ts(), obs.value());
        Forecast scored = r.judged();
        CalendarEvent known = calendar.active(key, obs.ts());
        AnomalyStats stats = state.anomalyStats();
        if (known == null) {
            boolean after = previous != SeriesState.NO_EVENT && calendar.active(key, previous) != null;
            if (after) {
                stats.forgetShortTerm();
            }
            AnomalyResult a = scorer.score(stats, obs.value(), scored.mean(), scored.scale(), scored.warm(),
                    r.seasonal());
            if (after && a.alert() == AnomalyResult.Alert.NONE && stats.incidentOpen()) {
                // A calendar event has just ended with an incident open (perhaps one it suppressed): it resolves
                // here, so a fault that outlasts the event opens a new incident and alerts.
                stats.endIncident();
                a = a.resolving();
            }
            return new EventOutcome.Stepped(r, a, w.version(), swap);
        }
        // A known event: forecast as ever and judge the value, but do not alert or learn it as normal.
        AnomalyStats before = stats.copy();
        AnomalyResult a = scorer.score(stats, obs.value(), scored.mean(), scored.scale(), scored.warm(),
                r.seasonal());
        stats.keepStatisticsOf(before);
        return new EventOutcome.Stepped(r, a.duringCalendarEvent(), w.version(), swap, known.id());
    }
}
