package app.crosstalk.exporter;

import android.content.ContentResolver;
import android.database.Cursor;
import android.net.Uri;
import android.provider.ContactsContract;

import java.util.HashMap;
import java.util.Map;

import app.crosstalk.exporter.core.NameLookup;

/** Contact names for numbers (only when the user chose names and allowed Contacts). Cached per export. */
final class ContactsNameLookup implements NameLookup {
    private final ContentResolver resolver;
    private final Map<String, String> cache = new HashMap<>();

    ContactsNameLookup(ContentResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String nameFor(String number) {
        if (number == null || number.trim().isEmpty()) return null;
        if (cache.containsKey(number)) return cache.get(number);
        String name = null;
        Uri uri = Uri.withAppendedPath(ContactsContract.PhoneLookup.CONTENT_FILTER_URI, Uri.encode(number));
        try (Cursor c = resolver.query(uri, new String[] {ContactsContract.PhoneLookup.DISPLAY_NAME}, null, null, null)) {
            if (c != null && c.moveToFirst()) name = c.getString(0);
        } catch (RuntimeException e) {
            name = null; // an unusual number the lookup rejects: no name
        }
        cache.put(number, name);
        return name;
    }
}
