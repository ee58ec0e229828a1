package app.crosstalk.exporter;

import android.content.Intent;
import android.net.Uri;
import android.os.Bundle;
import android.view.View;
import android.widget.CheckBox;
import android.widget.Toast;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.crosstalk.exporter.core.ConsentState;
import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.CrosstalkCsv;
import app.crosstalk.exporter.core.ExportWriter;
import app.crosstalk.exporter.core.NameLookup;

/** Consent → permissions → the user places the file (SAF) → the phone dump is written → what was written. */
public final class ExportActivity extends BaseActivity {
    private static final int REQ_PERMISSIONS = 1;
    private static final int REQ_CREATE = 2;

    private ConsentState consent = ConsentState.none();

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        showConsent();
    }

    private void showConsent() {
        consent = ConsentState.none().show(Action.EXPORT);
        newPage(R.string.export_title);
        text(R.string.export_what);
        final CheckBox calls = check(R.string.export_read_calls, true);
        final CheckBox sms = check(R.string.export_read_sms, true);
        final CheckBox names = check(R.string.export_read_contacts, false);
        text(R.string.export_where);
        text(R.string.export_perms);
        button(R.string.agree, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                if (calls.isChecked()) scopes.add(Scope.READ_CALL_LOG);
                if (sms.isChecked()) scopes.add(Scope.READ_SMS);
                if (names.isChecked()) scopes.add(Scope.READ_CONTACTS);
                if (!calls.isChecked() && !sms.isChecked()) {
                    Toast.makeText(ExportActivity.this, R.string.export_choose_something, Toast.LENGTH_LONG).show();
                    return;
                }
                consent = consent.agree(scopes, DISCLOSURE_VERSION, System.currentTimeMillis());
                if (requestMissing(consent.permissions(), REQ_PERMISSIONS)) chooseFile();
            }
        });
        button(R.string.cancel, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                consent = consent.decline();
                finish();
            }
        });
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode != REQ_PERMISSIONS) return;
        // Contacts are optional: without them the export goes on, without names from Contacts.
        if (consent.allows(Action.EXPORT, Scope.READ_CONTACTS) && !granted(Scope.READ_CONTACTS.permission)) {
            consent = consent.without(Scope.READ_CONTACTS);
        }
        List<String> refused = missing(consent.permissions());
        if (!refused.isEmpty()) {
            showDenied(R.string.export_title, refused);
            return;
        }
        chooseFile();
    }

    private void chooseFile() {
        Intent i = new Intent(Intent.ACTION_CREATE_DOCUMENT);
        i.addCategory(Intent.CATEGORY_OPENABLE);
        i.setType("text/csv");
        i.putExtra(Intent.EXTRA_TITLE, "crosstalk-phone-" + new SimpleDateFormat("yyyyMMdd-HHmm", Locale.ROOT).format(new Date()) + ".csv");
        startActivityForResult(i, REQ_CREATE);
    }

    @Override
    protected void onResult(int requestCode, int resultCode, Intent data) {
        if (requestCode != REQ_CREATE) return;
        if (resultCode != RESULT_OK || data == null || data.getData() == null) {
            newPage(R.string.export_title);
            text(R.string.export_no_file);
            homeButton();
            consent = consent.finish();
            return;
        }
        export(data.getData());
    }

    private void export(final Uri target) {
        busy(R.string.export_title, R.string.export_working);
        final boolean calls = consent.allows(Action.EXPORT, Scope.READ_CALL_LOG);
        final boolean sms = consent.allows(Action.EXPORT, Scope.READ_SMS);
        final NameLookup names = consent.allows(Action.EXPORT, Scope.READ_CONTACTS)
                ? new ContactsNameLookup(getContentResolver()) : NameLookup.NONE;
        background(new Job<ExportWriter.Summary>() {
            @Override
            public ExportWriter.Summary run() throws IOException {
                try (OutputStream out = getContentResolver().openOutputStream(target, "w")) {
                    if (out == null) throw new IOException(getString(R.string.file_not_writable));
                    Writer w = CrosstalkCsv.utf8Writer(out);
                    ExportWriter.Summary s = ExportWriter.write(new ContentResolverPhoneStore(getContentResolver()), w,
                            new ExportWriter.Options(calls, sms, sms), names);
                    w.flush();
                    return s;
                }
            }
        }, new Done<ExportWriter.Summary>() {
            @Override
            public void done(ExportWriter.Summary s) {
                consent = consent.finish();
                newPage(R.string.export_title);
                heading(R.string.export_done);
                text(getString(R.string.export_counts, s.calls, s.sms, s.mms));
                if (s.ownRows > 0) text(getString(R.string.export_own_rows, s.ownRows));
                if (s.skippedCount() > 0) {
                    text(getString(R.string.export_skipped, s.skippedCount()));
                    for (Map.Entry<String, Integer> e : s.skipped().entrySet()) bullet(e.getValue() + " × " + e.getKey());
                }
                text(R.string.export_next);
                homeButton();
            }
        });
    }
}
