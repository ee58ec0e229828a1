package app.crosstalk.exporter.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dry run of a write-back: for every record of the write-back set, whether it is new, already on the
 * phone, or skipped and why; the insert values of the new ones; and what the call-log limit would do. Built
 * from the set and a {@link PhoneInventory} without touching the phone; {@link WriteBack#execute} inserts
 * exactly the new entries after checking that a fresh plan still says the same.
 */
public final class WriteBackPlan {
    public enum Target { CALL, SMS }

    public enum Decision { NEW, ALREADY_ON_PHONE, SKIPPED }

    /** Why a record is not inserted. The Android layer shows each in the user's language. */
    public enum Reason {
        BAD_RECORD(Decision.SKIPPED, "unreadable record"),
        PHONE_RECORD(Decision.SKIPPED, "a phone record (the phone already has its own records)"),
        NO_CROSSTALK_ID(Decision.SKIPPED, "no usable crosstalk_id, so it could not be tagged and undone"),
        NO_NUMBER(Decision.SKIPPED, "no phone number"),
        MMS(Decision.SKIPPED, "MMS records are not written back"),
        VOICEMAIL(Decision.SKIPPED, "voicemail rows belong to the voicemail app"),
        MESSAGE_STATUS(Decision.SKIPPED, "only received and sent messages are written (drafts, outbox, queued "
                + "and failed ones could be sent or flagged by the messaging app)"),
        STATUS_DIRECTION(Decision.SKIPPED, "status does not fit the direction"),
        NOT_SELECTED(Decision.SKIPPED, "not selected"),
        DUPLICATE_IN_FILE(Decision.SKIPPED, "repeats the Crosstalk id of an earlier record of this file"),
        WRITTEN_EARLIER(Decision.ALREADY_ON_PHONE, "written earlier (a row with this Crosstalk id is on the phone)"),
        SAME_ON_PHONE(Decision.ALREADY_ON_PHONE, "already on the phone (same number, type and time; for "
                + "messages also the same text)");

        public final Decision decision;
        public final String english;

        Reason(Decision decision, String english) {
            this.decision = decision;
            this.english = english;
        }
    }

    /** What to write: calls, messages, or both; and the call-log limit to warn about. */
    public static final class Options {
        public final boolean calls;
        public final boolean sms;
        public final int callLogLimit;

        public Options(boolean calls, boolean sms, int callLogLimit) {
            if (callLogLimit <= 0) throw new IllegalArgumentException("callLogLimit must be positive");
            this.calls = calls;
            this.sms = sms;
            this.callLogLimit = callLogLimit;
        }

        public static Options both() {
            return new Options(true, true, CallLogCap.DEFAULT_LIMIT);
        }

        public Options withCalls(boolean on) {
            return new Options(on, sms, callLogLimit);
        }

        public Options withSms(boolean on) {
            return new Options(calls, on, callLogLimit);
        }
    }

    /** The decision for one record of the write-back set. */
    public static final class Entry {
        public final int record;
        /** Null for a record that could not be read. */
        public final CrosstalkRow row;
        /** Null for a record that could not be read. */
        public final Target target;
        public final Decision decision;
        /** Null for NEW. */
        public final Reason reason;
        /** More about the reason (the reader's message, the earlier record's number); may be empty. */
        public final String detail;
        /** Insert values, for NEW only (unmodifiable). */
        public final Map<String, Object> values;

        Entry(int record, CrosstalkRow row, Target target, Reason reason, String detail, Map<String, Object> values) {
            this.record = record;
            this.row = row;
            this.target = target;
            this.decision = reason == null ? Decision.NEW : reason.decision;
            this.reason = reason;
            this.detail = detail == null ? "" : detail;
            this.values = values == null ? null : Collections.unmodifiableMap(values);
        }

        @Override
        public String toString() {
            return "record " + record + " " + target + " " + decision + (reason == null ? "" : " (" + reason
                    + (detail.isEmpty() ? "" : ": " + detail) + ")");
        }
    }

    private final List<CrosstalkCsvReader.Record> records;
    private final Options options;
    private final List<Entry> entries;
    private final CallLogCap cap;

    private WriteBackPlan(List<CrosstalkCsvReader.Record> records, Options options, List<Entry> entries, CallLogCap cap) {
        this.records = records;
        this.options = options;
        this.entries = entries;
        this.cap = cap;
    }

    /** The dry run for a write-back set's records against what is on the phone. */
    public static WriteBackPlan build(List<CrosstalkCsvReader.Record> records, PhoneInventory phone, Options options) {
        if (options.calls && !phone.callsScanned()) throw new IllegalArgumentException("writing calls needs the call log scanned");
        if (options.sms && !phone.smsScanned()) throw new IllegalArgumentException("writing messages needs the SMS store scanned");
        int n = records.size();
        Reason[] reasons = new Reason[n];
        String[] details = new String[n];
        String[] keys = new String[n];
        // Pass 1: rules, repeats of an id within the file, and rows written earlier (found by their tag).
        Map<String, Integer> firstRecordOfId = new HashMap<>();
        // How many rows on the phone with each key no record has claimed yet. Two identical messages in the
        // same minute are two records (the PWA gives them ids ct1-…, ct1-…-1): each is "already on the
        // phone" only if the phone has a copy left for it. Rows written earlier claim their copy first.
        Map<String, Integer> unclaimed = new HashMap<>();
        for (int i = 0; i < n; i++) {
            CrosstalkCsvReader.Record r = records.get(i);
            if (r.isSkip()) {
                reasons[i] = Reason.BAD_RECORD;
                details[i] = r.skipReason;
                continue;
            }
            CrosstalkRow row = r.row;
            reasons[i] = check(row, options);
            if (reasons[i] != null) continue;
            Integer earlier = firstRecordOfId.get(row.crosstalkId());
            if (earlier != null) {
                reasons[i] = Reason.DUPLICATE_IN_FILE;
                details[i] = "record " + earlier;
                continue;
            }
            firstRecordOfId.put(row.crosstalkId(), r.number);
            boolean call = row.isCall();
            keys[i] = call ? DedupeKey.ofCallRow(row) : DedupeKey.ofSmsRow(row);
            if (!unclaimed.containsKey(keys[i])) unclaimed.put(keys[i], phone.keyCount(call, keys[i]));
            if (phone.hasWritten(row.crosstalkId())) {
                reasons[i] = Reason.WRITTEN_EARLIER;
                unclaimed.put(keys[i], Math.max(0, unclaimed.get(keys[i]) - 1));
            }
        }
        // Pass 2: the rest is on the phone if an unclaimed copy is left, else new.
        List<Entry> entries = new ArrayList<>(n);
        List<Long> newCallDates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CrosstalkCsvReader.Record r = records.get(i);
            CrosstalkRow row = r.row;
            Target target = row == null ? null : row.isCall() ? Target.CALL : Target.SMS;
            Map<String, Object> values = null;
            if (reasons[i] == null) {
                int left = unclaimed.get(keys[i]);
                if (left > 0) {
                    reasons[i] = Reason.SAME_ON_PHONE;
                    unclaimed.put(keys[i], left - 1);
                } else {
                    values = target == Target.CALL ? ProviderRows.callValues(row) : ProviderRows.smsValues(row);
                    if (target == Target.CALL) newCallDates.add(row.startMs());
                }
            }
            entries.add(new Entry(r.number, row, target, reasons[i], details[i], values));
        }
        CallLogCap cap = phone.callsScanned()
                ? CallLogCap.estimate(options.callLogLimit, phone.calls(), newCallDates)
                : null;
        return new WriteBackPlan(Collections.unmodifiableList(new ArrayList<>(records)), options,
                Collections.unmodifiableList(entries), cap);
    }

    /** The reason a readable row is never written, or null when it may be. */
    private static Reason check(CrosstalkRow row, Options options) {
        if (CrosstalkCsv.CHANNEL_PHONE.equals(row.channel())) return Reason.PHONE_RECORD;
        if (!Tag.isValidId(row.crosstalkId())) return Reason.NO_CROSSTALK_ID;
        if (row.number().trim().isEmpty()) return Reason.NO_NUMBER;
        if (row.isCall()) {
            if (CallTypes.toType(row.direction(), row.status()) == CallTypes.VOICEMAIL) return Reason.VOICEMAIL;
            if (!options.calls) return Reason.NOT_SELECTED;
            return null;
        }
        if (CrosstalkCsv.KIND_MMS.equals(row.kind())) return Reason.MMS;
        String status = row.status();
        if (!status.isEmpty() && !status.equals("received") && !status.equals("sent")) return Reason.MESSAGE_STATUS;
        if (status.equals("received") != row.isIncoming() && !status.isEmpty()) return Reason.STATUS_DIRECTION;
        if (!options.sms) return Reason.NOT_SELECTED;
        return null;
    }

    /** The write-back set's records this plan was made from. */
    public List<CrosstalkCsvReader.Record> records() { return records; }
    public Options options() { return options; }
    /** One entry per record, in file order. */
    public List<Entry> entries() { return entries; }
    /** Null when the call log was not scanned. */
    public CallLogCap cap() { return cap; }

    public int count(Target target, Decision decision) {
        int n = 0;
        for (Entry e : entries) if (e.target == target && e.decision == decision) n++;
        return n;
    }

    public int count(Decision decision) {
        int n = 0;
        for (Entry e : entries) if (e.decision == decision) n++;
        return n;
    }

    public int newCalls() { return count(Target.CALL, Decision.NEW); }
    public int newSms() { return count(Target.SMS, Decision.NEW); }

    /** How many records are not inserted, per reason, in {@link Reason} order. */
    public Map<Reason, Integer> reasons() {
        Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
        for (Entry e : entries) if (e.reason != null) counts.put(e.reason, counts.getOrDefault(e.reason, 0) + 1);
        return counts;
    }

    /** The NEW entries, in file order. */
    public List<Entry> newEntries() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) if (e.decision == Decision.NEW) out.add(e);
        return out;
    }

    /** Whether another plan decides every record the same way (and would insert the same values). */
    public boolean sameDecisions(WriteBackPlan other) {
        if (other.entries.size() != entries.size()) return false;
        for (int i = 0; i < entries.size(); i++) {
            Entry a = entries.get(i), b = other.entries.get(i);
            if (a.record != b.record || a.reason != b.reason || a.target != b.target) return false;
            if (a.values == null ? b.values != null : !a.values.equals(b.values)) return false;
        }
        return true;
    }

    /** A short English summary (logs, tests). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("calls: ").append(newCalls()).append(" new, ").append(count(Target.CALL, Decision.ALREADY_ON_PHONE))
                .append(" already on the phone; messages: ").append(newSms()).append(" new, ")
                .append(count(Target.SMS, Decision.ALREADY_ON_PHONE)).append(" already on the phone; skipped: ")
                .append(count(Decision.SKIPPED));
        for (Map.Entry<Reason, Integer> e : reasons().entrySet()) {
            if (e.getKey().decision == Decision.SKIPPED) sb.append("\n  ").append(e.getValue()).append(" × ").append(e.getKey().english);
        }
        if (cap != null && cap.warns()) sb.append("\ncall-log limit: ").append(cap);
        return sb.toString();
    }
}
