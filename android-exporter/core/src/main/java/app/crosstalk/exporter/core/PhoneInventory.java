package app.crosstalk.exporter.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is on the phone, as far as write-back and undo need to know: the dedupe keys of every call and SMS,
 * the rows this app inserted (by their tags) and the dates of all calls (for the call-log limit). One scan,
 * read-only.
 */
public final class PhoneInventory {
    /** One call-log row: id, date, and its tag when this app inserted it. */
    public static final class CallEntry {
        public final long id;
        public final long date;
        public final Tag tag;

        public CallEntry(long id, long date, Tag tag) {
            this.id = id;
            this.date = date;
            this.tag = tag;
        }
    }

    private final boolean callsScanned;
    private final boolean smsScanned;
    private final List<CallEntry> calls = new ArrayList<>();
    private final Map<String, Integer> callKeys = new HashMap<>();
    private final Map<String, Integer> smsKeys = new HashMap<>();
    private final Map<Long, Tag> ownCalls = new LinkedHashMap<>();
    private final Map<Long, Tag> ownSms = new LinkedHashMap<>();
    private final Set<String> writtenIds = new HashSet<>();
    private int smsCount;

    private PhoneInventory(boolean calls, boolean sms) {
        this.callsScanned = calls;
        this.smsScanned = sms;
    }

    /** Scans the call log and/or the SMS store (only what the user allowed to read). */
    public static PhoneInventory scan(PhoneStore store, boolean calls, boolean sms) throws IOException {
        final PhoneInventory inv = new PhoneInventory(calls, sms);
        if (calls) {
            store.queryCalls(new PhoneStore.RowSink() {
                @Override
                public void accept(Map<String, Object> c) {
                    long id = ProviderRows.longValue(c, ProviderRows.Calls.ID, -1);
                    Tag tag = Tag.ofCall(c);
                    inv.calls.add(new CallEntry(id, ProviderRows.longValue(c, ProviderRows.Calls.DATE, 0), tag));
                    add(inv.callKeys, DedupeKey.ofCallColumns(c));
                    if (tag != null) {
                        inv.ownCalls.put(id, tag);
                        inv.writtenIds.add(tag.crosstalkId());
                    }
                }
            });
        }
        if (sms) {
            store.querySms(new PhoneStore.RowSink() {
                @Override
                public void accept(Map<String, Object> c) {
                    long id = ProviderRows.longValue(c, ProviderRows.Sms.ID, -1);
                    Tag tag = Tag.ofSms(c);
                    inv.smsCount++;
                    add(inv.smsKeys, DedupeKey.ofSmsColumns(c));
                    if (tag != null) {
                        inv.ownSms.put(id, tag);
                        inv.writtenIds.add(tag.crosstalkId());
                    }
                }
            });
        }
        return inv;
    }

    private static void add(Map<String, Integer> counts, String key) {
        Integer n = counts.get(key);
        counts.put(key, n == null ? 1 : n + 1);
    }

    public boolean callsScanned() { return callsScanned; }
    public boolean smsScanned() { return smsScanned; }

    /** Every call-log row. */
    public List<CallEntry> calls() { return Collections.unmodifiableList(calls); }
    public int callCount() { return calls.size(); }
    public int smsCount() { return smsCount; }

    public boolean hasCallKey(String key) { return callKeys.containsKey(key); }
    public boolean hasSmsKey(String key) { return smsKeys.containsKey(key); }

    /** How many rows on the phone have this dedupe key ({@link DedupeKey}). */
    public int keyCount(boolean call, String key) {
        Integer n = (call ? callKeys : smsKeys).get(key);
        return n == null ? 0 : n;
    }

    /** Whether a row tagged with this Crosstalk id is on the phone. */
    public boolean hasWritten(String crosstalkId) { return writtenIds.contains(crosstalkId); }

    /** Call rows this app inserted: id → tag. */
    public Map<Long, Tag> ownCalls() { return Collections.unmodifiableMap(ownCalls); }

    /** SMS rows this app inserted: id → tag. */
    public Map<Long, Tag> ownSms() { return Collections.unmodifiableMap(ownSms); }

    /** Rows this app inserted, per channel (calls and SMS together). */
    public Map<String, Integer> ownByChannel() {
        Map<String, Integer> counts = new HashMap<>();
        for (Tag t : ownCalls.values()) counts.put(t.channel(), counts.getOrDefault(t.channel(), 0) + 1);
        for (Tag t : ownSms.values()) counts.put(t.channel(), counts.getOrDefault(t.channel(), 0) + 1);
        return counts;
    }
}
