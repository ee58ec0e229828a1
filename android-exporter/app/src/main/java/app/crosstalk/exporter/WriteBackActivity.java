package app.crosstalk.exporter;

import android.content.ContentResolver;
import android.content.Intent;
import android.net.Uri;
import android.os.Bundle;
import android.provider.DocumentsContract;
import android.view.View;
import android.widget.CheckBox;
import android.widget.CompoundButton;
import android.widget.Toast;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.crosstalk.exporter.core.CallLogCap;
import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.CrosstalkCsv;
import app.crosstalk.exporter.core.CrosstalkCsvReader;
import app.crosstalk.exporter.core.ExportWriter;
import app.crosstalk.exporter.core.NameLookup;
import app.crosstalk.exporter.core.PhoneInventory;
import app.crosstalk.exporter.core.ScreenState.Step;
import app.crosstalk.exporter.core.WriteBack;
import app.crosstalk.exporter.core.WriteBackPlan;
import app.crosstalk.exporter.core.WriteBackPlan.Decision;
import app.crosstalk.exporter.core.WriteBackPlan.Target;

/**
 * Consent → permissions → open the write-back set → save and check a full backup → dry run → confirm →
 * (default-SMS role if messages) → insert → verify → switch back. Nothing is written before the confirm.
 * Every step survives re-creation: what was in memory (the set, the phone scan, the plan) is read again
 * from the saved file URIs, and the user confirms the recomputed dry run.
 */
public final class WriteBackActivity extends BaseActivity {
    private static final int REQ_PERMISSIONS = 1;
    private static final int REQ_OPEN = 2;
    private static final int REQ_BACKUP = 3;
    private static final String KEY_CALLS = "wb.calls";
    private static final String KEY_SMS = "wb.sms";

    private ContentResolverPhoneStore store;
    private List<CrosstalkCsvReader.Record> records;
    /** The backup's counts; null when the screen was re-created after the backup (the file is kept). */
    private ExportWriter.Summary backup;
    private PhoneInventory inventory;
    private WriteBackPlan.Options options;
    private WriteBackPlan plan;

    /** The set as read (job result). */
    private static final class SetFile {
        final List<CrosstalkCsvReader.Record> records;

        SetFile(List<CrosstalkCsvReader.Record> records) {
            this.records = records;
        }
    }

    /** The set, the phone's inventory and, right after a backup, its counts (job result). */
    private static final class Prepared {
        final List<CrosstalkCsvReader.Record> records;
        final PhoneInventory inventory;
        final ExportWriter.Summary backup;
        /** The phone changed between the dry run and the write: the user sees the new plan. */
        final boolean changed;

        Prepared(List<CrosstalkCsvReader.Record> records, PhoneInventory inventory, ExportWriter.Summary backup, boolean changed) {
            this.records = records;
            this.inventory = inventory;
            this.backup = backup;
            this.changed = changed;
        }
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        store = new ContentResolverPhoneStore(getContentResolver());
        restore(savedInstanceState, Action.WRITE_BACK);
        boolean calls = savedInstanceState == null || savedInstanceState.getBoolean(KEY_CALLS, true);
        boolean sms = savedInstanceState == null || savedInstanceState.getBoolean(KEY_SMS, true);
        options = new WriteBackPlan.Options(calls && state.consent.allows(Action.WRITE_BACK, Scope.WRITE_CALL_LOG),
                sms && state.consent.allows(Action.WRITE_BACK, Scope.WRITE_SMS), CallLogCap.DEFAULT_LIMIT);
        switch (state.resume()) {
            case PERMISSIONS: afterPermissions(); break;
            case PICK_FILE: showPickFile(); break;
            case BACKUP: readSet(Uri.parse(state.fileUri)); break;
            case DRY_RUN: prepare(false); break;
            case ROLE: waitForRole(R.string.wb_title); break;
            case WORKING:
            case RESULT: followJob(); break;
            default: showConsent();
        }
    }

    @Override
    protected void onSaveInstanceState(Bundle out) {
        super.onSaveInstanceState(out);
        if (options != null) {
            out.putBoolean(KEY_CALLS, options.calls);
            out.putBoolean(KEY_SMS, options.sms);
        }
    }

    // ---- 1. consent and permissions ----

    private void showConsent() {
        newPage(R.string.wb_title);
        text(R.string.wb_intro);
        bullet(R.string.wb_step_file);
        bullet(R.string.wb_step_backup);
        bullet(R.string.wb_step_dry_run);
        bullet(R.string.wb_step_write);
        final CheckBox calls = check(R.string.wb_calls_check, true);
        final CheckBox sms = check(R.string.wb_sms_check, true);
        text(R.string.sms_role_warning);
        text(R.string.wb_perms);
        button(R.string.agree, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                if (!calls.isChecked() && !sms.isChecked()) {
                    Toast.makeText(WriteBackActivity.this, R.string.wb_choose_something, Toast.LENGTH_LONG).show();
                    return;
                }
                Set<Scope> scopes = EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS);
                if (calls.isChecked()) scopes.add(Scope.WRITE_CALL_LOG);
                if (sms.isChecked()) scopes.add(Scope.WRITE_SMS);
                state = state.withConsent(state.consent.agree(scopes, DISCLOSURE_VERSION, System.currentTimeMillis())).at(Step.PERMISSIONS);
                options = new WriteBackPlan.Options(calls.isChecked(), sms.isChecked(), CallLogCap.DEFAULT_LIMIT);
                if (requestMissing(state.consent.permissions(), REQ_PERMISSIONS)) showPickFile();
            }
        });
        cancelButton();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == REQ_PERMISSIONS) afterPermissions();
    }

    private void afterPermissions() {
        List<String> refused = missing(state.consent.permissions());
        if (!refused.isEmpty()) showDenied(R.string.wb_title, refused);
        else showPickFile();
    }

    // ---- 2. the write-back set ----

    private void showPickFile() {
        state = state.at(Step.PICK_FILE);
        newPage(R.string.wb_title);
        text(R.string.wb_pick_explain);
        button(R.string.wb_pick_file, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                Intent i = new Intent(Intent.ACTION_OPEN_DOCUMENT);
                i.addCategory(Intent.CATEGORY_OPENABLE);
                i.setType("*/*");
                i.putExtra(Intent.EXTRA_MIME_TYPES, new String[] {"text/csv", "text/comma-separated-values",
                        "application/csv", "text/plain", "application/octet-stream"});
                startActivityForResult(i, REQ_OPEN);
            }
        });
        cancelButton();
    }

    @Override
    protected void onResult(int requestCode, int resultCode, Intent data) {
        Uri uri = resultCode == RESULT_OK && data != null ? data.getData() : null;
        if (requestCode == REQ_OPEN) {
            if (uri == null) {
                showPickFile();
                return;
            }
            // The set is read again after re-creation or process death: keep the permission to it.
            try {
                getContentResolver().takePersistableUriPermission(uri, Intent.FLAG_GRANT_READ_URI_PERMISSION);
            } catch (SecurityException e) {
                // not persistable (some providers): readable as long as this task lives
            }
            state = state.withFile(uri.toString());
            readSet(uri);
        } else if (requestCode == REQ_BACKUP) {
            if (uri == null) showBackupStep(true);
            else writeBackup(uri);
        }
    }

    private static List<CrosstalkCsvReader.Record> read(ContentResolver resolver, Uri uri, String unreadable) throws IOException {
        try (InputStream in = resolver.openInputStream(uri)) {
            if (in == null) throw new IOException(unreadable);
            return new CrosstalkCsvReader(CrosstalkCsv.utf8Reader(in)).readAll();
        }
    }

    private void readSet(final Uri uri) {
        state = state.at(Step.BACKUP);
        busy(R.string.wb_title, R.string.wb_reading);
        final ContentResolver resolver = getContentResolver();
        final String unreadable = getString(R.string.file_not_readable);
        runJob(R.string.wb_title, new Work.Task() {
            @Override
            public Object run() throws IOException {
                return new SetFile(read(resolver, uri, unreadable));
            }
        });
    }

    // ---- 3. the backup ----

    private void showBackupStep(boolean refused) {
        state = state.at(Step.BACKUP);
        int calls = 0, messages = 0, unreadable = 0;
        for (CrosstalkCsvReader.Record r : records) {
            if (r.isSkip()) unreadable++;
            else if (r.row.isCall()) calls++;
            else messages++;
        }
        newPage(R.string.wb_title);
        text(getString(R.string.wb_file_summary, records.size(), calls, messages, unreadable));
        if (refused) text(R.string.wb_backup_required);
        text(R.string.wb_backup_explain);
        button(R.string.wb_backup_button, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                Intent i = new Intent(Intent.ACTION_CREATE_DOCUMENT);
                i.addCategory(Intent.CATEGORY_OPENABLE);
                i.setType("text/csv");
                i.putExtra(Intent.EXTRA_TITLE, "crosstalk-backup-"
                        + new SimpleDateFormat("yyyyMMdd-HHmmss", Locale.ROOT).format(new Date()) + ".csv");
                i.putExtra(DocumentsContract.EXTRA_INITIAL_URI, Uri.parse(state.fileUri)); // next to the write-back set
                startActivityForResult(i, REQ_BACKUP);
            }
        });
        cancelButton();
    }

    private void writeBackup(final Uri target) {
        busy(R.string.wb_title, R.string.wb_backing_up);
        final ContentResolver resolver = getContentResolver();
        final ContentResolverPhoneStore phone = store;
        final Uri set = Uri.parse(state.fileUri);
        final String unreadable = getString(R.string.file_not_readable);
        final String notWritable = getString(R.string.file_not_writable);
        final String badRow = getString(R.string.wb_backup_bad);
        final String mismatch = getString(R.string.wb_backup_mismatch);
        state = state.withBackup(target.toString());
        runJob(R.string.wb_title, new Work.Task() {
            @Override
            public Object run() throws IOException {
                ExportWriter.Summary s;
                try (OutputStream out = resolver.openOutputStream(target, "wt")) {
                    if (out == null) throw new IOException(notWritable);
                    Writer w = CrosstalkCsv.utf8Writer(out);
                    s = ExportWriter.write(phone, w, ExportWriter.Options.all(), NameLookup.NONE);
                    w.flush();
                }
                // Read the saved file back: only a backup that parses completely counts.
                int rows = 0;
                try (InputStream in = resolver.openInputStream(target)) {
                    if (in == null) throw new IOException(unreadable);
                    CrosstalkCsvReader reader = new CrosstalkCsvReader(CrosstalkCsv.utf8Reader(in));
                    for (CrosstalkCsvReader.Record r = reader.next(); r != null; r = reader.next()) {
                        if (r.isSkip()) throw new IOException(String.format(Locale.ROOT, badRow, r.number, r.skipReason));
                        rows++;
                    }
                }
                if (rows != s.rows()) throw new IOException(String.format(Locale.ROOT, mismatch, s.rows(), rows));
                return new Prepared(read(resolver, set, unreadable), PhoneInventory.scan(phone, true, true), s, false);
            }
        });
    }

    /** After re-creation past the backup: the set and the phone are read again for a fresh dry run. */
    private void prepare(final boolean changed) {
        busy(R.string.wb_title, R.string.wb_reading);
        final ContentResolver resolver = getContentResolver();
        final ContentResolverPhoneStore phone = store;
        final Uri set = Uri.parse(state.fileUri);
        final String unreadable = getString(R.string.file_not_readable);
        runJob(R.string.wb_title, new Work.Task() {
            @Override
            public Object run() throws IOException {
                return new Prepared(read(resolver, set, unreadable), PhoneInventory.scan(phone, true, true), null, changed);
            }
        });
    }

    @Override
    protected void onJobDone(Object result) {
        if (result instanceof SetFile) {
            records = ((SetFile) result).records;
            showBackupStep(false);
        } else if (result instanceof Prepared) {
            Prepared p = (Prepared) result;
            records = p.records;
            inventory = p.inventory;
            if (p.backup != null) backup = p.backup;
            showDryRun(p.changed);
        } else {
            showResult((WriteBack.Result) result);
        }
    }

    @Override
    protected void onJobFailed(Exception e) {
        if (e instanceof WriteBack.PlanChangedException) {
            writeEnded();
            prepare(true);
        } else {
            showError(e);
        }
    }

    // ---- 4. the dry run ----

    private void showDryRun(boolean changed) {
        state = state.at(Step.DRY_RUN);
        plan = WriteBackPlan.build(records, inventory, options);
        newPage(R.string.dry_title);
        if (changed) text(R.string.dry_changed);
        if (backup != null) text(getString(R.string.wb_backup_done, backup.calls, backup.sms, backup.mms));
        else text(R.string.wb_backup_kept);
        heading(R.string.dry_title);
        text(getString(R.string.dry_calls, plan.newCalls(), plan.count(Target.CALL, Decision.ALREADY_ON_PHONE)));
        text(getString(R.string.dry_sms, plan.newSms(), plan.count(Target.SMS, Decision.ALREADY_ON_PHONE)));
        text(getString(R.string.dry_skipped, plan.count(Decision.SKIPPED)));
        for (Map.Entry<WriteBackPlan.Reason, Integer> e : plan.reasons().entrySet()) {
            bullet(getString(R.string.dry_reason_line, e.getValue(), Texts.reason(this, e.getKey())));
        }
        capWarning(plan.cap());

        final CheckBox calls = check(R.string.wb_calls_check, options.calls);
        calls.setEnabled(state.consent.allows(Action.WRITE_BACK, Scope.WRITE_CALL_LOG));
        final CheckBox sms = check(R.string.wb_sms_check, options.sms);
        sms.setEnabled(state.consent.allows(Action.WRITE_BACK, Scope.WRITE_SMS));
        CompoundButton.OnCheckedChangeListener replan = new CompoundButton.OnCheckedChangeListener() {
            @Override
            public void onCheckedChanged(CompoundButton b, boolean on) {
                options = options.withCalls(calls.isChecked()).withSms(sms.isChecked());
                showDryRun(false);
            }
        };
        calls.setOnCheckedChangeListener(replan);
        sms.setOnCheckedChangeListener(replan);

        if (plan.newCalls() + plan.newSms() == 0) {
            text(R.string.dry_nothing);
            homeButton();
            return;
        }
        button(getString(R.string.dry_confirm, plan.newCalls(), plan.newSms()), new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                confirm();
            }
        });
        cancelButton();
    }

    private void capWarning(CallLogCap cap) {
        if (cap == null || !options.calls || plan.newCalls() == 0) return;
        if (!cap.warns()) {
            text(getString(R.string.dry_cap_ok, cap.limit));
            return;
        }
        heading(R.string.dry_cap_title);
        if (cap.phoneCallsPushedOut > 0) {
            text(getString(R.string.dry_cap_phone, cap.limit, cap.newCalls, cap.phoneCallsPushedOut,
                    Texts.date(cap.pushedOutFrom), Texts.date(cap.pushedOutTo)));
        }
        if (cap.earlierWriteBackPushedOut > 0) text(getString(R.string.dry_cap_earlier, cap.earlierWriteBackPushedOut));
        if (cap.newCallsPushedOut > 0) text(getString(R.string.dry_cap_new, cap.newCallsPushedOut, cap.limit));
        text(R.string.dry_cap_choice);
    }

    // ---- 5. confirm, role, insert ----

    private void confirm() {
        if (plan.newSms() > 0 && !SmsRole.isHeld(this)) {
            askForSmsRole(R.string.wb_title);
            return;
        }
        execute();
    }

    @Override
    protected Runnable callsOnly() {
        if (plan == null || plan.newCalls() == 0) return null;
        return new Runnable() {
            @Override
            public void run() {
                options = options.withSms(false);
                state = state.withConsent(state.consent.without(Scope.WRITE_SMS));
                showDryRun(false);
            }
        };
    }

    @Override
    protected void onRoleHeld() {
        // After re-creation the plan is gone: compute it again, and the user confirms what is shown.
        if (plan == null) prepare(false);
        else execute();
    }

    private void execute() {
        busy(R.string.wb_title, R.string.wb_writing);
        final WriteBackPlan confirmed = plan;
        final ContentResolverPhoneStore phone = store;
        runJob(R.string.wb_title, new Work.Task() {
            @Override
            public Object run() throws IOException {
                return WriteBack.execute(phone, confirmed);
            }
        });
    }

    private void showResult(WriteBack.Result r) {
        state = state.withConsent(state.consent.finish()).at(Step.RESULT);
        writeEnded();
        newPage(R.string.wb_title);
        heading(getString(R.string.result_written, r.insertedCalls, r.insertedSms));
        text(getString(R.string.result_verified, r.verifiedCalls, r.verifiedSms));
        if (!r.missing.isEmpty()) text(getString(R.string.result_missing, r.missing.size()));
        if (r.refused > 0) text(getString(R.string.result_refused, r.refused));
        if (r.stoppedBy != null) text(getString(R.string.result_stopped, r.stoppedBy));
        text(R.string.result_undo_hint);
        switchBackSection();
        homeButton();
    }
}
