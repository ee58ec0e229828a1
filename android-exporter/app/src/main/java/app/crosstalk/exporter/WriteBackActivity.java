package app.crosstalk.exporter;

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
import app.crosstalk.exporter.core.ConsentState;
import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.CrosstalkCsv;
import app.crosstalk.exporter.core.CrosstalkCsvReader;
import app.crosstalk.exporter.core.ExportWriter;
import app.crosstalk.exporter.core.NameLookup;
import app.crosstalk.exporter.core.PhoneInventory;
import app.crosstalk.exporter.core.WriteBack;
import app.crosstalk.exporter.core.WriteBackPlan;
import app.crosstalk.exporter.core.WriteBackPlan.Decision;
import app.crosstalk.exporter.core.WriteBackPlan.Target;

/**
 * Consent → permissions → open the write-back set → save and check a full backup → dry run → confirm →
 * (default-SMS role if messages) → insert → verify → switch back. Nothing is written before the confirm.
 */
public final class WriteBackActivity extends BaseActivity {
    private static final int REQ_PERMISSIONS = 1;
    private static final int REQ_OPEN = 2;
    private static final int REQ_BACKUP = 3;

    private ConsentState consent = ConsentState.none();
    private ContentResolverPhoneStore store;
    private Uri setUri;
    private List<CrosstalkCsvReader.Record> records;
    private ExportWriter.Summary backup;
    private PhoneInventory inventory;
    private WriteBackPlan.Options options;
    private WriteBackPlan plan;

    /** What the background backup step hands back. */
    private static final class Backup {
        final ExportWriter.Summary summary;
        final PhoneInventory inventory;

        Backup(ExportWriter.Summary summary, PhoneInventory inventory) {
            this.summary = summary;
            this.inventory = inventory;
        }
    }

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        store = new ContentResolverPhoneStore(getContentResolver());
        showConsent();
    }

    // ---- 1. consent and permissions ----

    private void showConsent() {
        consent = ConsentState.none().show(Action.WRITE_BACK);
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
                consent = consent.agree(scopes, DISCLOSURE_VERSION, System.currentTimeMillis());
                options = new WriteBackPlan.Options(calls.isChecked(), sms.isChecked(), CallLogCap.DEFAULT_LIMIT);
                if (requestMissing(consent.permissions(), REQ_PERMISSIONS)) showPickFile();
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
        List<String> refused = missing(consent.permissions());
        if (!refused.isEmpty()) showDenied(R.string.wb_title, refused);
        else showPickFile();
    }

    // ---- 2. the write-back set ----

    private void showPickFile() {
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
            if (uri == null) showPickFile();
            else readSet(uri);
        } else if (requestCode == REQ_BACKUP) {
            if (uri == null) showBackupStep(true);
            else writeBackup(uri);
        }
    }

    private void readSet(final Uri uri) {
        setUri = uri;
        busy(R.string.wb_title, R.string.wb_reading);
        background(new Job<List<CrosstalkCsvReader.Record>>() {
            @Override
            public List<CrosstalkCsvReader.Record> run() throws IOException {
                try (InputStream in = getContentResolver().openInputStream(uri)) {
                    if (in == null) throw new IOException(getString(R.string.file_not_readable));
                    return new CrosstalkCsvReader(CrosstalkCsv.utf8Reader(in)).readAll();
                }
            }
        }, new Done<List<CrosstalkCsvReader.Record>>() {
            @Override
            public void done(List<CrosstalkCsvReader.Record> r) {
                records = r;
                showBackupStep(false);
            }
        });
    }

    // ---- 3. the backup ----

    private void showBackupStep(boolean refused) {
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
                i.putExtra(DocumentsContract.EXTRA_INITIAL_URI, setUri); // next to the write-back set
                startActivityForResult(i, REQ_BACKUP);
            }
        });
        cancelButton();
    }

    private void writeBackup(final Uri target) {
        busy(R.string.wb_title, R.string.wb_backing_up);
        background(new Job<Backup>() {
            @Override
            public Backup run() throws IOException {
                ExportWriter.Summary s;
                try (OutputStream out = getContentResolver().openOutputStream(target, "w")) {
                    if (out == null) throw new IOException(getString(R.string.file_not_writable));
                    Writer w = CrosstalkCsv.utf8Writer(out);
                    s = ExportWriter.write(store, w, ExportWriter.Options.all(), NameLookup.NONE);
                    w.flush();
                }
                // Read the saved file back: only a backup that parses completely counts.
                int rows = 0;
                try (InputStream in = getContentResolver().openInputStream(target)) {
                    if (in == null) throw new IOException(getString(R.string.file_not_readable));
                    CrosstalkCsvReader reader = new CrosstalkCsvReader(CrosstalkCsv.utf8Reader(in));
                    for (CrosstalkCsvReader.Record r = reader.next(); r != null; r = reader.next()) {
                        if (r.isSkip()) throw new IOException(getString(R.string.wb_backup_bad, r.number, r.skipReason));
                        rows++;
                    }
                }
                if (rows != s.rows()) throw new IOException(getString(R.string.wb_backup_mismatch, s.rows(), rows));
                return new Backup(s, PhoneInventory.scan(store, true, true));
            }
        }, new Done<Backup>() {
            @Override
            public void done(Backup b) {
                backup = b.summary;
                inventory = b.inventory;
                showDryRun(false);
            }
        });
    }

    // ---- 4. the dry run ----

    private void showDryRun(boolean changed) {
        plan = WriteBackPlan.build(records, inventory, options);
        newPage(R.string.dry_title);
        if (changed) text(R.string.dry_changed);
        text(getString(R.string.wb_backup_done, backup.calls, backup.sms, backup.mms));
        heading(R.string.dry_title);
        text(getString(R.string.dry_calls, plan.newCalls(), plan.count(Target.CALL, Decision.ALREADY_ON_PHONE)));
        text(getString(R.string.dry_sms, plan.newSms(), plan.count(Target.SMS, Decision.ALREADY_ON_PHONE)));
        text(getString(R.string.dry_skipped, plan.count(Decision.SKIPPED)));
        for (Map.Entry<WriteBackPlan.Reason, Integer> e : plan.reasons().entrySet()) {
            bullet(getString(R.string.dry_reason_line, e.getValue(), Texts.reason(this, e.getKey())));
        }
        capWarning(plan.cap());

        final CheckBox calls = check(R.string.wb_calls_check, options.calls);
        calls.setEnabled(consent.allows(Action.WRITE_BACK, Scope.WRITE_CALL_LOG));
        final CheckBox sms = check(R.string.wb_sms_check, options.sms);
        sms.setEnabled(consent.allows(Action.WRITE_BACK, Scope.WRITE_SMS));
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
            askForSmsRole(R.string.wb_title, new Runnable() {
                @Override
                public void run() {
                    execute();
                }
            }, plan.newCalls() == 0 ? null : new Runnable() {
                @Override
                public void run() {
                    options = options.withSms(false);
                    consent = consent.without(Scope.WRITE_SMS);
                    showDryRun(false);
                }
            });
            return;
        }
        execute();
    }

    private void execute() {
        busy(R.string.wb_title, R.string.wb_writing);
        final WriteBackPlan confirmed = plan;
        background(new Job<WriteBack.Result>() {
            @Override
            public WriteBack.Result run() throws IOException {
                return WriteBack.execute(store, confirmed);
            }
        }, new Done<WriteBack.Result>() {
            @Override
            public void done(WriteBack.Result r) {
                showResult(r);
            }
        }, new Failed() {
            @Override
            public void failed(Exception e) {
                if (e instanceof WriteBack.PlanChangedException) rescanAndShowDryRun();
                else showError(e);
            }
        });
    }

    private void rescanAndShowDryRun() {
        busy(R.string.wb_title, R.string.wb_backing_up);
        background(new Job<PhoneInventory>() {
            @Override
            public PhoneInventory run() throws IOException {
                return PhoneInventory.scan(store, true, true);
            }
        }, new Done<PhoneInventory>() {
            @Override
            public void done(PhoneInventory inv) {
                inventory = inv;
                showDryRun(true);
            }
        });
    }

    private void showResult(WriteBack.Result r) {
        consent = consent.finish();
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
