package app.crosstalk.exporter.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A phone for the tests: three tables of column maps keyed by row id. Rows come out oldest first, as copies.
 * {@link #smsWritable} false imitates an app without the SMS role: the insert "succeeds" and nothing is
 * stored (Android's silent failure since 4.4).
 */
final class InMemoryPhoneStore implements PhoneStore {
    final TreeMap<Long, Map<String, Object>> calls = new TreeMap<>();
    final TreeMap<Long, Map<String, Object>> sms = new TreeMap<>();
    final TreeMap<Long, Map<String, Object>> mms = new TreeMap<>();
    boolean smsWritable = true;
    /** Throw on the n-th insert (1-based), 0 for never. */
    int failOnInsert;
    private int inserts;
    private long nextId = 1000;

    static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    InMemoryPhoneStore addCall(long id, Object... keyValues) {
        Map<String, Object> m = row(keyValues);
        m.put(ProviderRows.Calls.ID, id);
        calls.put(id, m);
        return this;
    }

    InMemoryPhoneStore addSms(long id, Object... keyValues) {
        Map<String, Object> m = row(keyValues);
        m.put(ProviderRows.Sms.ID, id);
        sms.put(id, m);
        return this;
    }

    InMemoryPhoneStore addMms(long id, Object... keyValues) {
        Map<String, Object> m = row(keyValues);
        m.put(ProviderRows.Mms.ID, id);
        mms.put(id, m);
        return this;
    }

    /** A deep copy of everything, for "nothing else changed" checks. */
    Map<String, Map<Long, Map<String, Object>>> snapshot() {
        Map<String, Map<Long, Map<String, Object>>> s = new LinkedHashMap<>();
        s.put("calls", copy(calls));
        s.put("sms", copy(sms));
        s.put("mms", copy(mms));
        return s;
    }

    private static Map<Long, Map<String, Object>> copy(Map<Long, Map<String, Object>> table) {
        Map<Long, Map<String, Object>> c = new TreeMap<>();
        for (Map.Entry<Long, Map<String, Object>> e : table.entrySet()) c.put(e.getKey(), new LinkedHashMap<>(e.getValue()));
        return c;
    }

    private static void stream(TreeMap<Long, Map<String, Object>> table, final String dateColumn, RowSink sink) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : table.values()) rows.add(new LinkedHashMap<>(r));
        Collections.sort(rows, new Comparator<Map<String, Object>>() {
            @Override
            public int compare(Map<String, Object> a, Map<String, Object> b) {
                return Long.compare(((Number) a.get(dateColumn)).longValue(), ((Number) b.get(dateColumn)).longValue());
            }
        });
        for (Map<String, Object> r : rows) sink.accept(r);
    }

    @Override
    public void queryCalls(RowSink sink) throws IOException {
        stream(calls, ProviderRows.Calls.DATE, sink);
    }

    @Override
    public void querySms(RowSink sink) throws IOException {
        stream(sms, ProviderRows.Sms.DATE, sink);
    }

    @Override
    public void queryMms(RowSink sink) throws IOException {
        stream(mms, ProviderRows.Mms.DATE, sink);
    }

    private void maybeFail() {
        inserts++;
        if (failOnInsert > 0 && inserts == failOnInsert) throw new SecurityException("permission revoked");
    }

    @Override
    public long insertCall(Map<String, Object> values) {
        maybeFail();
        long id = nextId++;
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(ProviderRows.Calls.ID, id);
        calls.put(id, m);
        return id;
    }

    @Override
    public long insertSms(Map<String, Object> values) {
        maybeFail();
        long id = nextId++;
        if (!smsWritable) return id;
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(ProviderRows.Sms.ID, id);
        m.put(ProviderRows.Sms.CREATOR, Tag.PACKAGE); // the provider sets CREATOR to the caller
        sms.put(id, m);
        return id;
    }

    @Override
    public int deleteCalls(Collection<Long> ids) {
        int n = 0;
        for (Long id : ids) if (calls.remove(id) != null) n++;
        return n;
    }

    @Override
    public int deleteSms(Collection<Long> ids) {
        if (!smsWritable) return 0;
        int n = 0;
        for (Long id : ids) if (sms.remove(id) != null) n++;
        return n;
    }
}
