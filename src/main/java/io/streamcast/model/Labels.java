package io.streamcast.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads an enum constant from the label a spec, a topic or a header spells it with, case-insensitively, and
 * says what is allowed when it is not one of them. Here, in the bottom layer, so every layer's enums share it.
 */
public final class Labels {
    private Labels() {
    }

    /** By the constant's name (as specs spell it: {@code gru}, {@code typical}). */
    public static <E extends Enum<E>> E parse(Class<E> type, String label, String field) {
        return parse(type, label, e -> e.name().toLowerCase(Locale.ROOT), field);
    }

    /** By a label of the constant's own ({@code malformed-json}, {@code open}). */
    public static <E extends Enum<E>> E parse(Class<E> type, String label, Function<E, String> labelOf,
                                              String field) {
        for (E e : type.getEnumConstants()) {
            if (labelOf.apply(e).equalsIgnoreCase(label)) {
                return e;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(labelOf).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(field + " must be one of " + allowed + ", got '" + label + "'");
    }
}
