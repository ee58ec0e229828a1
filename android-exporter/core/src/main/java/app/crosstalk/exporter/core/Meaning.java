package app.crosstalk.exporter.core;

/** A direction ({@code in}/{@code out}) and a Crosstalk status. */
public final class Meaning {
    public final String direction;
    public final String status;

    public Meaning(String direction, String status) {
        this.direction = direction;
        this.status = status;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Meaning && ((Meaning) o).direction.equals(direction) && ((Meaning) o).status.equals(status);
    }

    @Override
    public int hashCode() {
        return direction.hashCode() * 31 + status.hashCode();
    }

    @Override
    public String toString() {
        return direction + "/" + status;
    }
}
