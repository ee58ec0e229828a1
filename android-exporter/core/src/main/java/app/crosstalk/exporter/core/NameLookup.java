package app.crosstalk.exporter.core;

/** Display names for numbers (the Android layer asks Contacts, if the user allowed it). */
public interface NameLookup {
    /** The display name for a number, or null when unknown. */
    String nameFor(String number);

    NameLookup NONE = new NameLookup() {
        @Override
        public String nameFor(String number) {
            return null;
        }
    };
}
