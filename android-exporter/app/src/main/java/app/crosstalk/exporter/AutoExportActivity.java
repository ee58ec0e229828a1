package app.crosstalk.exporter;

import android.Manifest;
import android.content.Intent;
import android.net.Uri;
import android.os.Build;
import android.os.Bundle;
import android.view.View;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import app.crosstalk.exporter.core.AutoExport;
import app.crosstalk.exporter.core.ConsentState;
import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.ScreenState.Step;

/**
 * The automatic export: consent, a folder picked once (its permission kept across reboots), a schedule
 * (off, daily, weekly) and "export now". Each run writes only what is new into that folder, where a folder
 * sync (Syncthing, a cloud drive) carries it to the PWA's sync folder.
 */
public final class AutoExportActivity extends BaseActivity {
    private static final int REQ_PERMISSIONS = 1;
    private static final int REQ_TREE = 2;

    /** What the consent screen leads to: picking the folder, or exporting now. */
    private Step pendingNext = Step.PICK_FILE;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        restore(savedInstanceState, Action.EXPORT);
        Step step = state.resume();
        if (step == Step.WORKING || step == Step.RESULT) followJob();
        else show(null);
    }

    private void show(String note) {
        final AutoExport auto = AutoExportRun.load(this);
        newPage(R.string.auto_title);
        if (note != null) heading(note);
        text(R.string.auto_intro);
        if (auto.folderUri == null) {
            text(R.string.auto_no_folder);
        } else {
            text(getString(R.string.auto_folder, Uri.decode(Uri.parse(auto.folderUri).getLastPathSegment())));
            text(getString(auto.schedule == AutoExport.Schedule.DAILY ? R.string.auto_daily
                    : auto.schedule == AutoExport.Schedule.WEEKLY ? R.string.auto_weekly : R.string.auto_off));
            if (auto.lastRunMs > 0) text(getString(R.string.auto_last, Texts.date(auto.lastRunMs), auto.files));
        }
        button(R.string.auto_choose_folder, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                consentThen(Step.PICK_FILE);
            }
        });
        if (auto.folderUri != null) {
            scheduleButton(R.string.auto_set_daily, AutoExport.Schedule.DAILY);
            scheduleButton(R.string.auto_set_weekly, AutoExport.Schedule.WEEKLY);
            scheduleButton(R.string.auto_set_off, AutoExport.Schedule.OFF);
            button(R.string.auto_now, new View.OnClickListener() {
                @Override
                public void onClick(View v) {
                    consentThen(Step.WORKING);
                }
            });
        }
        homeButton();
    }

    private void scheduleButton(int label, final AutoExport.Schedule s) {
        button(label, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                AutoExportRun.save(AutoExportActivity.this, AutoExportRun.load(AutoExportActivity.this).withSchedule(s));
                show(null);
            }
        });
    }

    /** Reading the phone in the background needs the permissions granted now, after the consent screen. */
    private void consentThen(final Step next) {
        newPage(R.string.auto_title);
        text(R.string.export_what);
        text(R.string.auto_consent);
        button(R.string.agree, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                ConsentState shown = ConsentState.none().show(Action.EXPORT);
                state = state.withConsent(shown.agree(EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.READ_CONTACTS),
                        DISCLOSURE_VERSION, System.currentTimeMillis())).at(Step.PERMISSIONS);
                List<String> wanted = new ArrayList<>(state.consent.permissions());
                if (Build.VERSION.SDK_INT >= 33) wanted.add(Manifest.permission.POST_NOTIFICATIONS);
                pendingNext = next;
                if (requestMissing(wanted, REQ_PERMISSIONS)) afterPermissions();
            }
        });
        cancelButton();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == REQ_PERMISSIONS) afterPermissions();
    }

    private void afterPermissions() {
        if (!granted(Manifest.permission.READ_CALL_LOG) && !granted(Manifest.permission.READ_SMS)) {
            showDenied(R.string.auto_title, state.consent.permissions());
            return;
        }
        if (pendingNext == Step.PICK_FILE) {
            startActivityForResult(new Intent(Intent.ACTION_OPEN_DOCUMENT_TREE), REQ_TREE);
        } else {
            exportNow();
        }
    }

    @Override
    protected void onResult(int requestCode, int resultCode, Intent data) {
        if (requestCode != REQ_TREE) return;
        Uri tree = resultCode == RESULT_OK && data != null ? data.getData() : null;
        if (tree == null) {
            show(null);
            return;
        }
        getContentResolver().takePersistableUriPermission(tree,
                Intent.FLAG_GRANT_READ_URI_PERMISSION | Intent.FLAG_GRANT_WRITE_URI_PERMISSION);
        AutoExport auto = AutoExportRun.load(this);
        AutoExport.Schedule s = auto.schedule == AutoExport.Schedule.OFF ? AutoExport.Schedule.DAILY : auto.schedule;
        AutoExportRun.save(this, auto.withFolder(tree.toString(), s));
        show(null);
    }

    private void exportNow() {
        busy(R.string.auto_title, R.string.export_working);
        final android.content.Context app = getApplicationContext();
        runJob(R.string.auto_title, new Work.Task() {
            @Override
            public Object run() throws Exception {
                return AutoExportRun.run(app, true);
            }
        });
    }

    @Override
    protected void onJobDone(Object result) {
        AutoExportRun.Outcome o = (AutoExportRun.Outcome) result;
        state = state.at(Step.RESULT);
        show(o.fileName != null ? getString(R.string.auto_written, o.fileName, o.summary.rows()) : getString(R.string.auto_nothing_new));
    }

    @Override
    protected void onRoleHeld() {
        // Reads only; never asks for the SMS role.
    }
}
