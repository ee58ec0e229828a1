package app.crosstalk.exporter.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Carries out a confirmed {@link WriteBackPlan}: inserts its new rows, then checks that each one is there. */
public final class WriteBack {
    private WriteBack() {}

    /** The phone changed between the dry run and the confirmation; show the fresh plan and ask again. */
    public static final class PlanChangedException extends IOException {
        private static final long serialVersionUID = 1L;
        public final transient WriteBackPlan fresh;

        PlanChangedException(WriteBackPlan fresh) {
            super("the phone's records changed since the dry run; nothing was written");
            this.fresh = fresh;
        }
    }

    /** What happened. */
    public static final class Result {
        public final int insertedCalls;
        public final int insertedSms;
        /** Rows the phone refused (insert gave no row id). */
        public final int refused;
        /** The error that stopped the run, or null when every new row was tried. */
        public final String stoppedBy;
        /** Inserted rows found again by their tag afterwards. */
        public final int verifiedCalls;
        public final int verifiedSms;
        /** Crosstalk ids of new rows not found afterwards (e.g. SMS written without the SMS role). */
        public final List<String> missing;

        Result(int calls, int sms, int refused, String stoppedBy, int vCalls, int vSms, List<String> missing) {
            this.insertedCalls = calls;
            this.insertedSms = sms;
            this.refused = refused;
            this.stoppedBy = stoppedBy;
            this.verifiedCalls = vCalls;
            this.verifiedSms = vSms;
            this.missing = Collections.unmodifiableList(missing);
        }

        public boolean complete() {
            return stoppedBy == null && refused == 0 && missing.isEmpty();
        }

        @Override
        public String toString() {
            return "inserted " + insertedCalls + " calls, " + insertedSms + " messages; refused " + refused
                    + "; verified " + verifiedCalls + " + " + verifiedSms + "; missing " + missing
                    + (stoppedBy == null ? "" : "; stopped by " + stoppedBy);
        }
    }

    /**
     * Re-plans against the phone as it is now and inserts only if that plan decides every record as the
     * confirmed one did (a second tap, or another run in between, then inserts nothing twice). Stops at the
     * first error; what was inserted before it stays tagged and can be undone.
     */
    public static Result execute(PhoneStore store, WriteBackPlan confirmed) throws IOException {
        WriteBackPlan.Options o = confirmed.options();
        PhoneInventory now = PhoneInventory.scan(store, o.calls, o.sms);
        WriteBackPlan fresh = WriteBackPlan.build(confirmed.records(), now, o);
        if (!fresh.sameDecisions(confirmed)) throw new PlanChangedException(fresh);

        int calls = 0, sms = 0, refused = 0;
        String stoppedBy = null;
        List<WriteBackPlan.Entry> inserted = new ArrayList<>();
        for (WriteBackPlan.Entry e : fresh.newEntries()) {
            long id;
            try {
                id = e.target == WriteBackPlan.Target.CALL ? store.insertCall(e.values) : store.insertSms(e.values);
            } catch (IOException | RuntimeException ex) {
                stoppedBy = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
                break;
            }
            if (id < 0) {
                refused++;
                continue;
            }
            inserted.add(e);
            if (e.target == WriteBackPlan.Target.CALL) calls++;
            else sms++;
        }

        PhoneInventory after = PhoneInventory.scan(store, o.calls, o.sms);
        int vCalls = 0, vSms = 0;
        List<String> missing = new ArrayList<>();
        for (WriteBackPlan.Entry e : inserted) {
            String id = e.row.crosstalkId();
            boolean found = e.target == WriteBackPlan.Target.CALL
                    ? after.ownCalls().containsValue(Tag.of(e.row.channel(), id))
                    : after.ownSms().containsValue(Tag.of(e.row.channel(), id));
            if (!found) missing.add(id);
            else if (e.target == WriteBackPlan.Target.CALL) vCalls++;
            else vSms++;
        }
        return new Result(calls, sms, refused, stoppedBy, vCalls, vSms, missing);
    }
}
