package app.crosstalk.exporter;

import android.app.job.JobParameters;
import android.app.job.JobService;

import java.io.IOException;

/** The scheduled automatic export (JobScheduler runs it daily or weekly, also after a reboot). */
public final class AutoExportJob extends JobService {
    @Override
    public boolean onStartJob(final JobParameters params) {
        new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    AutoExportRun.Outcome o = AutoExportRun.run(AutoExportJob.this, false);
                    if (o.fileName != null) {
                        Notifications.autoExport(AutoExportJob.this, getString(R.string.auto_written, o.fileName, o.summary.rows()));
                    }
                    jobFinished(params, false);
                } catch (IOException | RuntimeException e) {
                    Notifications.autoExport(AutoExportJob.this, getString(R.string.auto_failed, String.valueOf(e.getMessage())));
                    jobFinished(params, true);
                }
            }
        }).start();
        return true;
    }

    @Override
    public boolean onStopJob(JobParameters params) {
        return true; // stopped by the system: try again later
    }
}
