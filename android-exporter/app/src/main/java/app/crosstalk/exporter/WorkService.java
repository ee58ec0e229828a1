package app.crosstalk.exporter;

import android.app.Notification;
import android.app.NotificationManager;
import android.app.Service;
import android.content.Intent;
import android.content.pm.ServiceInfo;
import android.os.Build;
import android.os.IBinder;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs {@link Work} jobs one after another in the foreground, with a notification while they run. */
public final class WorkService extends Service {
    static final String EXTRA_JOB = "job";
    private static final int NOTIFICATION_ID = 1;

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final AtomicInteger running = new AtomicInteger();
    private volatile int lastStartId;

    @Override
    public int onStartCommand(Intent intent, int flags, int startId) {
        lastStartId = startId;
        final Work.Job job = intent == null ? null : Work.get(intent.getLongExtra(EXTRA_JOB, -1));
        Notification n = Notifications.working(this, job == null ? R.string.app_name : job.titleRes);
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
            startForeground(NOTIFICATION_ID, n, ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC);
        } else {
            startForeground(NOTIFICATION_ID, n);
        }
        if (job == null) {
            // Restarted without the job (its process died): nothing to run.
            stopWhenIdle();
            return START_NOT_STICKY;
        }
        running.incrementAndGet();
        worker.execute(new Runnable() {
            @Override
            public void run() {
                Object result = null;
                Exception error = null;
                try {
                    result = job.task.run();
                } catch (Exception e) {
                    error = e;
                }
                Work.finish(job, result, error);
                getSystemService(NotificationManager.class).notify(Notifications.DONE_ID,
                        Notifications.done(WorkService.this, job.titleRes, error == null));
                running.decrementAndGet();
                stopWhenIdle();
            }
        });
        return START_NOT_STICKY;
    }

    private void stopWhenIdle() {
        if (running.get() == 0) {
            stopForeground(STOP_FOREGROUND_REMOVE);
            stopSelf(lastStartId); // not if another job was started meanwhile
        }
    }

    @Override
    public void onDestroy() {
        worker.shutdown();
        super.onDestroy();
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
