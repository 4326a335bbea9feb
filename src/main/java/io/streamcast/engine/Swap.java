package io.streamcast.engine;

import io.streamcast.model.Labels;

import java.util.Locale;

/** How a key moved to another model version at an event: not at all, keeping its hidden state, or re-warming. */
public enum Swap {
    NONE, CARRIED, REWARMED;

    /** The name a forecast record carries ({@code "carried"}, {@code "rewarmed"}; none is left out). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The swap a forecast record names (absent: none). */
    public static Swap parse(String label) {
        return label == null ? NONE : Labels.parse(Swap.class, label, "swap");
    }
}
