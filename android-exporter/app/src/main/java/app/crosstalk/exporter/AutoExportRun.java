package app.crosstalk.exporter;

import android.Manifest;
import android.app.job.JobInfo;
import android.app.job.JobScheduler;
import android.content.ComponentName;
import android.content.Context;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.net.Uri;
import android.os.Build;
import android.provider.DocumentsContract;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;

import app.crosstalk.exporter.core.AutoExport;
import app.crosstalk.exporter.core.CrosstalkCsv;
import app.crosstalk.exporter.core.ExportWriter;
import app.crosstalk.exporter.core.NameLookup;

/**
 * One automatic export: the rows since the last run, as a new Crosstalk CSV in the folder the user picked.
 * Written to a private file first and copied into the folder only when it holds rows, so a synced folder
 * never sees a half-written file or an empty one. The schedule itself is a persisted JobScheduler job.
 */
final class AutoExportRun {
    private AutoExportRun() {}

    private static final String PREFS = "auto_export";
    private static final String STATE = "state";
    private static final int JOB_ID = 7;

    /** What a run did. */
    static final class Outcome {
        /** Null when no file was written (nothing new, or not due). */
        final String fileName;
        final ExportWriter.Summary summary;

        Outcome(String fileName, ExportWriter.Summary summary) {
            this.fileName = fileName;
            this.summary = summary;
        }
    }

    static AutoExport load(Context c) {
        return AutoExport.decode(prefs(c).getString(STATE, null));
    }

    static void save(Context c, AutoExport a) {
        prefs(c).edit().putString(STATE, a.encode()).apply();
        schedule(c, a);
    }

    private static SharedPreferences prefs(Context c) {
        return c.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
    }

    private static void schedule(Context c, AutoExport a) {
        JobScheduler js = c.getSystemService(JobScheduler.class);
        if (!a.enabled()) {
            js.cancel(JOB_ID);
            return;
        }
        js.schedule(new JobInfo.Builder(JOB_ID, new ComponentName(c, AutoExportJob.class))
                .setPeriodic(a.schedule.periodMs)
                .setPersisted(true)
                .setRequiresBatteryNotLow(true)
                .build());
    }

    private static boolean granted(Context c, String permission) {
        return c.checkSelfPermission(permission) == PackageManager.PERMISSION_GRANTED;
    }

    /** Runs when due (or at once with {@code now}); serialised, so a scheduled run and "export now" never overlap. */
    static synchronized Outcome run(Context c, boolean now) throws IOException {
        AutoExport auto = load(c);
        long time = System.currentTimeMillis();
        if (!auto.enabled() || (!now && !auto.due(time))) return new Outcome(null, null);
        boolean calls = granted(c, Manifest.permission.READ_CALL_LOG);
        boolean sms = granted(c, Manifest.permission.READ_SMS);
        if (!calls && !sms) throw new IOException(c.getString(R.string.auto_no_permission));
        NameLookup names = granted(c, Manifest.permission.READ_CONTACTS) ? new ContactsNameLookup(c.getContentResolver()) : NameLookup.NONE;

        File temp = new File(c.getCacheDir(), "auto-export.csv");
        ExportWriter.Summary s;
        try (OutputStream out = new FileOutputStream(temp)) {
            Writer w = CrosstalkCsv.utf8Writer(out);
            s = ExportWriter.write(new ContentResolverPhoneStore(c.getContentResolver()), w,
                    new ExportWriter.Options(calls, sms, sms, auto.watermark), names);
            w.flush();
        }
        String name = null;
        try {
            if (s.rows() > 0) {
                name = auto.nextFileName(Build.MODEL, time);
                copyIntoFolder(c, Uri.parse(auto.folderUri), name, temp);
            }
        } finally {
            if (!temp.delete()) temp.deleteOnExit();
        }
        // Saved only after the file is in the folder: a failed copy leaves the rows for the next run.
        save(c, load(c).ran(time, s.watermark, name != null));
        return new Outcome(name, s);
    }

    private static void copyIntoFolder(Context c, Uri tree, String name, File from) throws IOException {
        Uri folder = DocumentsContract.buildDocumentUriUsingTree(tree, DocumentsContract.getTreeDocumentId(tree));
        Uri file = DocumentsContract.createDocument(c.getContentResolver(), folder, "text/csv", name);
        if (file == null) throw new IOException(c.getString(R.string.file_not_writable));
        try (InputStream in = new FileInputStream(from); OutputStream out = c.getContentResolver().openOutputStream(file, "wt")) {
            if (out == null) throw new IOException(c.getString(R.string.file_not_writable));
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) out.write(buffer, 0, n);
        }
    }
}
