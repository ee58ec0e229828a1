package app.crosstalk.exporter.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removing what this app wrote: exactly the rows that carry its tag ({@link Tag}), nothing else. The plan is
 * shown (with counts) first; {@link #execute} deletes by row id only those planned rows that still carry the
 * tag when it runs.
 */
public final class UndoPlan {
    private final boolean calls;
    private final boolean sms;
    private final List<Long> callIds;
    private final List<Long> smsIds;
    private final Map<String, Integer> byChannel;

    private UndoPlan(boolean calls, boolean sms, List<Long> callIds, List<Long> smsIds, Map<String, Integer> byChannel) {
        this.calls = calls;
        this.sms = sms;
        this.callIds = Collections.unmodifiableList(callIds);
        this.smsIds = Collections.unmodifiableList(smsIds);
        this.byChannel = Collections.unmodifiableMap(byChannel);
    }

    /** The tagged rows of the scanned stores; {@code calls}/{@code sms} choose which stores to clean. */
    public static UndoPlan build(PhoneInventory phone, boolean calls, boolean sms) {
        if (calls && !phone.callsScanned()) throw new IllegalArgumentException("undoing calls needs the call log scanned");
        if (sms && !phone.smsScanned()) throw new IllegalArgumentException("undoing messages needs the SMS store scanned");
        Map<String, Integer> byChannel = new HashMap<>();
        List<Long> callIds = new ArrayList<>();
        List<Long> smsIds = new ArrayList<>();
        if (calls) {
            for (Map.Entry<Long, Tag> e : phone.ownCalls().entrySet()) {
                callIds.add(e.getKey());
                byChannel.put(e.getValue().channel(), byChannel.getOrDefault(e.getValue().channel(), 0) + 1);
            }
        }
        if (sms) {
            for (Map.Entry<Long, Tag> e : phone.ownSms().entrySet()) {
                smsIds.add(e.getKey());
                byChannel.put(e.getValue().channel(), byChannel.getOrDefault(e.getValue().channel(), 0) + 1);
            }
        }
        return new UndoPlan(calls, sms, callIds, smsIds, byChannel);
    }

    public int calls() { return callIds.size(); }
    public int sms() { return smsIds.size(); }
    public int total() { return callIds.size() + smsIds.size(); }
    public List<Long> callIds() { return callIds; }
    public List<Long> smsIds() { return smsIds; }
    /** Planned rows per chat-app channel. */
    public Map<String, Integer> byChannel() { return byChannel; }

    /** What happened. */
    public static final class Result {
        public final int deletedCalls;
        public final int deletedSms;
        /** Tagged rows still on the phone afterwards (e.g. SMS when this app did not hold the SMS role). */
        public final int remainingCalls;
        public final int remainingSms;

        Result(int deletedCalls, int deletedSms, int remainingCalls, int remainingSms) {
            this.deletedCalls = deletedCalls;
            this.deletedSms = deletedSms;
            this.remainingCalls = remainingCalls;
            this.remainingSms = remainingSms;
        }

        @Override
        public String toString() {
            return "deleted " + deletedCalls + " calls, " + deletedSms + " messages; remaining " + remainingCalls
                    + " + " + remainingSms;
        }
    }

    /** Deletes the planned rows that still carry the tag, then counts the tagged rows left. */
    public Result execute(PhoneStore store) throws IOException {
        PhoneInventory now = PhoneInventory.scan(store, calls, sms);
        List<Long> c = new ArrayList<>();
        for (Long id : callIds) if (now.ownCalls().containsKey(id)) c.add(id);
        List<Long> s = new ArrayList<>();
        for (Long id : smsIds) if (now.ownSms().containsKey(id)) s.add(id);
        int deletedCalls = c.isEmpty() ? 0 : store.deleteCalls(c);
        int deletedSms = s.isEmpty() ? 0 : store.deleteSms(s);
        PhoneInventory after = PhoneInventory.scan(store, calls, sms);
        return new Result(deletedCalls, deletedSms, calls ? after.ownCalls().size() : 0, sms ? after.ownSms().size() : 0);
    }
}
