package io.streamcast.engine;

import io.streamcast.anomaly.AnomalyResult;
import io.streamcast.model.Forecast;
import io.streamcast.model.StepResult;

/**
 * What one event did to its key, the one answer the live processor and every backtest act on: either it was
 * rejected (the key's state untouched, the record to the dead-letter topic) or it stepped the key.
 */
public sealed interface EventOutcome permits EventOutcome.Rejected, EventOutcome.Stepped {

    /** The event cannot advance its key: why, as a typed reason and a detail for people. */
    record Rejected(DeadLetterReason reason, String detail) implements EventOutcome {
        @Override
        public String toString() {
            return reason.code() + ": " + detail;
        }
    }

    /**
     * The key advanced one step.
     *
     * @param step    the step: the forecast that had been made for this event and the next one
     * @param anomaly the event's anomaly verdict
     * @param version the model version that made the next forecast
     * @param swap    whether (and how) the key changed model version at this event
     * @param calendar the id of the calendar event the event fell in, or null
     */
    record Stepped(StepResult step, AnomalyResult anomaly, long version, Swap swap, String calendar)
            implements EventOutcome {
        public Stepped(StepResult step, AnomalyResult anomaly, long version, Swap swap) {
            this(step, anomaly, version, swap, null);
        }

        /** The forecast this event's value is scored against. */
        public Forecast scored() {
            return step.previous();
        }

        /** The forecast for the key's next event. */
        public Forecast next() {
            return step.next();
        }
    }
}
