package app.crosstalk.exporter.core;

/**
 * A state saved as one line of text (StateCodec): two states are equal when they encode alike, and print as
 * their encoding.
 */
public abstract class EncodedState {
    /** The line this state is saved as; decoding it gives an equal state. */
    public abstract String encode();

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((EncodedState) o).encode().equals(encode());
    }

    @Override
    public final int hashCode() {
        return encode().hashCode();
    }

    @Override
    public final String toString() {
        return encode();
    }
}
