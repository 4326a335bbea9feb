package io.streamcast.engine;

/** Why a record went to the dead-letter topic; the code is the streamcast.reason header. */
public enum DeadLetterReason {
    MALFORMED_JSON("malformed-json"),
    MISSING_FIELD("missing-field"),
    NON_NUMERIC_VALUE("non-numeric-value"),
    NOT_FINITE("not-finite"),
    ABSURD_MAGNITUDE("absurd-magnitude"),
    NULL_KEY("null-key"),
    OUT_OF_ORDER("out-of-order"),
    BAD_TIMESTAMP("bad-timestamp"),
    CORRUPT_STATE("corrupt-state");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
