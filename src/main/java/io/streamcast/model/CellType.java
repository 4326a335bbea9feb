package io.streamcast.model;

/** The recurrent cell of a layer: how many gate blocks its weights hold and whether it carries a cell state. */
public enum CellType {
    /** h' = tanh(Wx·x + Wh·h + b). */
    ELMAN(1, false),
    /** Gates r, u, n (the PyTorch convention: the reset gate scales Wh·h inside n). */
    GRU(3, false),
    /** Gates i, f, g, o with a cell state c. */
    LSTM(4, true);

    private final int gates;
    private final boolean hasCellState;

    CellType(int gates, boolean hasCellState) {
        this.gates = gates;
        this.hasCellState = hasCellState;
    }

    public int gates() {
        return gates;
    }

    public boolean hasCellState() {
        return hasCellState;
    }

    Cell cell() {
        return switch (this) {
            case ELMAN -> ElmanCell.INSTANCE;
            case GRU -> GruCell.INSTANCE;
            case LSTM -> LstmCell.INSTANCE;
        };
    }

    /** Parses a name case-insensitively, with an error that lists what is allowed. */
    public static CellType parse(String name) {
        return Labels.parse(CellType.class, name, "cell");
    }
}
