package app.crosstalk.exporter;

import android.content.ContentResolver;
import android.content.ContentUris;
import android.content.ContentValues;
import android.database.Cursor;
import android.net.Uri;
import android.provider.CallLog;
import android.provider.Telephony;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.crosstalk.exporter.core.PhoneStore;
import app.crosstalk.exporter.core.ProviderRows;
import app.crosstalk.exporter.core.Tag;

/**
 * {@link PhoneStore} over ContentResolver: cursors become column maps, column maps become ContentValues.
 * No decisions here: what to read, write or delete comes from the core.
 */
final class ContentResolverPhoneStore implements PhoneStore {
    private static final Uri MMS_PART = Uri.parse("content://mms/part");
    /** Stays far below SQLite's 999 bound arguments. */
    private static final int DELETE_BATCH = 200;

    private final ContentResolver resolver;

    ContentResolverPhoneStore(ContentResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void queryCalls(RowSink sink) throws IOException {
        stream(CallLog.Calls.CONTENT_URI, ProviderRows.Calls.PROJECTION, null, null, "date ASC, _id ASC", sink);
    }

    @Override
    public void querySms(RowSink sink) throws IOException {
        stream(Telephony.Sms.CONTENT_URI, ProviderRows.Sms.PROJECTION, null, null, "date ASC, _id ASC", sink);
    }

    @Override
    public void queryMms(final RowSink sink) throws IOException {
        stream(Telephony.Mms.CONTENT_URI, ProviderRows.Mms.PROJECTION, null, null, "date ASC, _id ASC", new RowSink() {
            @Override
            public void accept(Map<String, Object> mms) throws IOException {
                Object id = mms.get(ProviderRows.Mms.ID);
                mms.put(ProviderRows.Mms.ADDRS, addrs(String.valueOf(id)));
                mms.put(ProviderRows.Mms.PARTS, parts(String.valueOf(id)));
                sink.accept(mms);
            }
        });
    }

    private List<String[]> addrs(String mmsId) throws IOException {
        final List<String[]> out = new ArrayList<>();
        stream(Uri.parse("content://mms/" + mmsId + "/addr"), ProviderRows.Mms.ADDR_PROJECTION, null, null, null, new RowSink() {
            @Override
            public void accept(Map<String, Object> a) {
                out.add(new String[] {str(a.get("address")), str(a.get("type"))});
            }
        });
        return out;
    }

    private List<String[]> parts(String mmsId) throws IOException {
        final List<String[]> out = new ArrayList<>();
        final List<Object> partIds = new ArrayList<>();
        stream(MMS_PART, ProviderRows.Mms.PART_PROJECTION, "mid = ?", new String[] {mmsId}, "_id ASC", new RowSink() {
            @Override
            public void accept(Map<String, Object> p) {
                out.add(new String[] {str(p.get("ct")), (String) p.get("text"), str(p.get("name")), str(p.get("cl")), str(p.get("fn"))});
                partIds.add(p.get("_id"));
            }
        });
        for (int i = 0; i < out.size(); i++) {
            String[] p = out.get(i);
            if ("text/plain".equalsIgnoreCase(p[0]) && p[1] == null) p[1] = readPart(String.valueOf(partIds.get(i)));
        }
        return out;
    }

    /** A text part kept as a file instead of in the text column. */
    private String readPart(String partId) throws IOException {
        try (InputStream in = resolver.openInputStream(Uri.parse("content://mms/part/" + partId))) {
            if (in == null) return "";
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) buf.write(chunk, 0, n);
            return new String(buf.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private void stream(Uri uri, String[] projection, String selection, String[] args, String sort, RowSink sink) throws IOException {
        Cursor c;
        try {
            c = resolver.query(uri, projection, selection, args, sort);
        } catch (IllegalArgumentException | android.database.sqlite.SQLiteException e) {
            // A vendor's provider lacks one of the columns: read them all instead.
            c = resolver.query(uri, null, selection, args, sort);
        }
        if (c == null) throw new IOException("no answer from " + uri);
        try {
            String[] names = c.getColumnNames();
            while (c.moveToNext()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    switch (c.getType(i)) {
                        case Cursor.FIELD_TYPE_INTEGER: row.put(names[i], c.getLong(i)); break;
                        case Cursor.FIELD_TYPE_FLOAT: row.put(names[i], c.getDouble(i)); break;
                        case Cursor.FIELD_TYPE_STRING: row.put(names[i], c.getString(i)); break;
                        case Cursor.FIELD_TYPE_NULL: row.put(names[i], null); break;
                        default: break; // BLOB: nothing the core reads
                    }
                }
                sink.accept(row);
            }
        } finally {
            c.close();
        }
    }

    private static ContentValues values(Map<String, Object> map) {
        ContentValues v = new ContentValues();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object o = e.getValue();
            if (o == null) v.putNull(e.getKey());
            else if (o instanceof Integer) v.put(e.getKey(), (Integer) o);
            else if (o instanceof Long) v.put(e.getKey(), (Long) o);
            else if (o instanceof Boolean) v.put(e.getKey(), (Boolean) o);
            else if (o instanceof Double) v.put(e.getKey(), (Double) o);
            else v.put(e.getKey(), o.toString());
        }
        return v;
    }

    /** Row id of an insert; -1 when refused (null, or the "…/0" Uri an app without write access gets). */
    private static long idOf(Uri inserted) {
        if (inserted == null) return -1;
        try {
            long id = ContentUris.parseId(inserted);
            return id > 0 ? id : -1;
        } catch (NumberFormatException | UnsupportedOperationException e) {
            return -1;
        }
    }

    @Override
    public long insertCall(Map<String, Object> values) {
        return idOf(resolver.insert(CallLog.Calls.CONTENT_URI, values(values)));
    }

    @Override
    public long insertSms(Map<String, Object> values) {
        return idOf(resolver.insert(Telephony.Sms.CONTENT_URI, values(values)));
    }

    /** Deletes by id, and only rows that still carry the tag: a second guard besides the core's plan. */
    @Override
    public int deleteCalls(Collection<Long> ids) {
        return delete(CallLog.Calls.CONTENT_URI, ids, ProviderRows.Calls.PHONE_ACCOUNT_COMPONENT_NAME + " = ?", Tag.CALL_COMPONENT);
    }

    @Override
    public int deleteSms(Collection<Long> ids) {
        return delete(Telephony.Sms.CONTENT_URI, ids, ProviderRows.Sms.SUBJECT + " LIKE ?", Tag.PREFIX + "%");
    }

    private int delete(Uri uri, Collection<Long> ids, String tagCondition, String tagArg) {
        List<Long> all = new ArrayList<>(ids);
        int deleted = 0;
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<Long> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            StringBuilder where = new StringBuilder("_id IN (");
            String[] args = new String[batch.size() + 1];
            for (int i = 0; i < batch.size(); i++) {
                where.append(i == 0 ? "?" : ",?");
                args[i] = String.valueOf(batch.get(i));
            }
            where.append(") AND ").append(tagCondition);
            args[batch.size()] = tagArg;
            deleted += resolver.delete(uri, where.toString(), args);
        }
        return deleted;
    }
}
