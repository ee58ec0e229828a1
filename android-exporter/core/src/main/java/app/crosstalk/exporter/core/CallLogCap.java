package app.crosstalk.exporter.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The call log's size limit: Android keeps only the newest entries (about 500 on many phones, 1000 on some;
 * the oldest by date go when a call is added). Inserting chat-app calls therefore pushes the phone's own
 * oldest calls out, and chat-app calls older than everything kept would be removed again at once.
 *
 * <p>{@link #overflow} is the plain count {@code max(0, existing + new − limit)}. The split counts which rows
 * the insert itself would push out, oldest first: the phone's own calls, calls written back earlier, and the
 * new calls. Rows already beyond the limit before the insert are not counted (they are at risk anyway, or
 * the phone's real limit is higher).
 */
public final class CallLogCap {
    public static final int DEFAULT_LIMIT = 500;

    public final int limit;
    public final int existingCalls;
    public final int newCalls;
    /** max(0, existingCalls + newCalls − limit). */
    public final int overflow;
    /** The phone's own calls the insert would push out. */
    public final int phoneCallsPushedOut;
    /** Calls written back by an earlier run that the insert would push out. */
    public final int earlierWriteBackPushedOut;
    /** New calls older than the newest {@code limit} entries: removed again at the next call. */
    public final int newCallsPushedOut;
    /** Date range (ms) of the phone's own calls that would be pushed out; null when none. */
    public final Long pushedOutFrom;
    public final Long pushedOutTo;

    private CallLogCap(int limit, int existing, int added, int phone, int earlier, int fresh, Long from, Long to) {
        this.limit = limit;
        this.existingCalls = existing;
        this.newCalls = added;
        this.overflow = Math.max(0, existing + added - limit);
        this.phoneCallsPushedOut = phone;
        this.earlierWriteBackPushedOut = earlier;
        this.newCallsPushedOut = fresh;
        this.pushedOutFrom = from;
        this.pushedOutTo = to;
    }

    private static final int PHONE = 0;
    private static final int EARLIER = 1;
    private static final int NEW = 2;

    private static final class Item {
        final long date;
        final int kind;
        final int seq;

        Item(long date, int kind, int seq) {
            this.date = date;
            this.kind = kind;
            this.seq = seq;
        }
    }

    /** Newest first; on equal dates the rows already there stay ahead of new ones. */
    private static final Comparator<Item> NEWEST_FIRST = new Comparator<Item>() {
        @Override
        public int compare(Item a, Item b) {
            if (a.date != b.date) return a.date > b.date ? -1 : 1;
            if ((a.kind == NEW) != (b.kind == NEW)) return a.kind == NEW ? 1 : -1;
            return Integer.compare(a.seq, b.seq);
        }
    };

    public static CallLogCap estimate(int limit, List<PhoneInventory.CallEntry> existing, List<Long> newDates) {
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive");
        List<Item> before = new ArrayList<>(existing.size());
        int seq = 0;
        for (PhoneInventory.CallEntry e : existing) before.add(new Item(e.date, e.tag == null ? PHONE : EARLIER, seq++));
        List<Item> after = new ArrayList<>(before);
        for (Long d : newDates) after.add(new Item(d, NEW, seq++));
        Collections.sort(before, NEWEST_FIRST);
        Collections.sort(after, NEWEST_FIRST);

        Set<Integer> goneAnyway = new HashSet<>();
        for (int i = limit; i < before.size(); i++) goneAnyway.add(before.get(i).seq);
        int phone = 0, earlier = 0, fresh = 0;
        Long from = null, to = null;
        for (int i = limit; i < after.size(); i++) {
            Item it = after.get(i);
            if (it.kind == NEW) {
                fresh++;
            } else if (!goneAnyway.contains(it.seq)) {
                if (it.kind == EARLIER) {
                    earlier++;
                } else {
                    phone++;
                    from = from == null ? it.date : Math.min(from, it.date);
                    to = to == null ? it.date : Math.max(to, it.date);
                }
            }
        }
        return new CallLogCap(limit, existing.size(), newDates.size(), phone, earlier, fresh, from, to);
    }

    /** Whether the dry run should show a warning. */
    public boolean warns() {
        return phoneCallsPushedOut > 0 || earlierWriteBackPushedOut > 0 || newCallsPushedOut > 0;
    }

    @Override
    public String toString() {
        return "limit " + limit + ", " + existingCalls + " calls + " + newCalls + " new: overflow " + overflow
                + ", pushes out " + phoneCallsPushedOut + " phone, " + earlierWriteBackPushedOut + " earlier, "
                + newCallsPushedOut + " new";
    }
}
