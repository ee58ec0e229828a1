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

import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.CrosstalkCsv;
import app.crosstalk.exporter.core.ExportWriter;
import app.crosstalk.exporter.core.NameLookup;
import app.crosstalk.exporter.core.ScreenState.Step;

/** Consent → permissions → the user places the file (SAF) → the phone dump is written → what was written. */
public final class ExportActivity extends BaseActivity {
    private static final int REQ_PERMISSIONS = 1;
    private static final int REQ_CREATE = 2;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        restore(savedInstanceState, Action.EXPORT);
        switch (state.resume()) {
            case PERMISSIONS: afterPermissions(); break;
            case PICK_FILE: waitForFile(); break;
            case WORKING:
            case RESULT: followJob(); break;
            default: showConsent();
        }
    }

    private void showConsent() {
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
                state = state.withConsent(state.consent.agree(scopes, DISCLOSURE_VERSION, System.currentTimeMillis())).at(Step.PERMISSIONS);
                if (requestMissing(state.consent.permissions(), REQ_PERMISSIONS)) chooseFile();
            }
        });
        cancelButton();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == REQ_PERMISSIONS) afterPermissions();
    }

    /** Also after re-creation, when the permission dialog's answer may have been lost: asks again for what is missing. */
    private void afterPermissions() {
        // Contacts are optional: without them the export goes on, without names from Contacts.
        if (state.consent.allows(Action.EXPORT, Scope.READ_CONTACTS) && !granted(Scope.READ_CONTACTS.permission)) {
            state = state.withConsent(state.consent.without(Scope.READ_CONTACTS));
        }
        List<String> refused = missing(state.consent.permissions());
        if (!refused.isEmpty()) {
            showDenied(R.string.export_title, refused);
            return;
        }
        chooseFile();
    }

    private void chooseFile() {
        state = state.at(Step.PICK_FILE);
        Intent i = new Intent(Intent.ACTION_CREATE_DOCUMENT);
        i.addCategory(Intent.CATEGORY_OPENABLE);
        i.setType("text/csv");
        i.putExtra(Intent.EXTRA_TITLE, "crosstalk-phone-" + new SimpleDateFormat("yyyyMMdd-HHmm", Locale.ROOT).format(new Date()) + ".csv");
        startActivityForResult(i, REQ_CREATE);
        waitForFile();
    }

    private void waitForFile() {
        newPage(R.string.export_title);
        text(R.string.export_pick_waiting);
        button(R.string.export_pick_again, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                chooseFile();
            }
        });
        cancelButton();
    }

    @Override
    protected void onResult(int requestCode, int resultCode, Intent data) {
        if (requestCode != REQ_CREATE) return;
        if (resultCode != RESULT_OK || data == null || data.getData() == null) {
            newPage(R.string.export_title);
            text(R.string.export_no_file);
            homeButton();
            state = state.withConsent(state.consent.finish()).at(Step.CONSENT);
            return;
        }
        export(data.getData());
    }

    private void export(final Uri target) {
        state = state.withFile(target.toString());
        busy(R.string.export_title, R.string.export_working);
        final boolean calls = state.consent.allows(Action.EXPORT, Scope.READ_CALL_LOG);
        final boolean sms = state.consent.allows(Action.EXPORT, Scope.READ_SMS);
        final NameLookup names = state.consent.allows(Action.EXPORT, Scope.READ_CONTACTS)
                ? new ContactsNameLookup(getContentResolver()) : NameLookup.NONE;
        final android.content.ContentResolver resolver = getContentResolver();
        final String notWritable = getString(R.string.file_not_writable);
        runJob(R.string.export_title, new Work.Task() {
            @Override
            public Object run() throws IOException {
                try (OutputStream out = resolver.openOutputStream(target, "wt")) {
                    if (out == null) throw new IOException(notWritable);
                    Writer w = CrosstalkCsv.utf8Writer(out);
                    ExportWriter.Summary s = ExportWriter.write(new ContentResolverPhoneStore(resolver), w,
                            new ExportWriter.Options(calls, sms, sms), names);
                    w.flush();
                    return s;
                }
            }
        });
    }

    @Override
    protected void onJobDone(Object result) {
        ExportWriter.Summary s = (ExportWriter.Summary) result;
        state = state.withConsent(state.consent.finish()).at(Step.RESULT);
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

    @Override
    protected void onRoleHeld() {
        // The export reads only; it never asks for the SMS role.
    }
}
