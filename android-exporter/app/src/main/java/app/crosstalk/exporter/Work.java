package app.crosstalk.exporter;

import android.content.Context;
import android.content.Intent;
import android.os.Handler;
import android.os.Looper;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Long jobs (export, backup, write-back, undo) run in {@link WorkService}, a foreground service, so leaving
 * the app neither freezes nor kills them; the screen that started a job follows it by id and picks up its
 * result even when it was re-created in between. Jobs live in this process: a job whose process died is
 * reported as interrupted (the screens say what that means for the phone's data).
 */
final class Work {
    private Work() {}

    interface Task {
        Object run() throws Exception;
    }

    interface Listener {
        void finished(Job job);
    }

    static final class Job {
        final long id;
        final int titleRes;
        final Task task;
        volatile boolean finished;
        volatile Object result;
        volatile Exception error;
        private Listener listener;

        Job(long id, int titleRes, Task task) {
            this.id = id;
            this.titleRes = titleRes;
            this.task = task;
        }
    }

    private static final Map<Long, Job> JOBS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis());
    private static final Handler MAIN = new Handler(Looper.getMainLooper());

    /** Starts a job in the foreground service; its id. */
    static long start(Context c, int titleRes, Task task) {
        Job job = new Job(NEXT.incrementAndGet(), titleRes, task);
        JOBS.put(job.id, job);
        Intent i = new Intent(c, WorkService.class).putExtra(WorkService.EXTRA_JOB, job.id);
        c.startForegroundService(i);
        return job.id;
    }

    /** The job, or null when this process does not know it (it died and was restarted). */
    static Job get(long id) {
        return JOBS.get(id);
    }

    /** Calls {@code l} on the main thread once the job is finished (at once if it already is). */
    static void follow(long id, Listener l) {
        final Job job = JOBS.get(id);
        if (job == null) return;
        synchronized (job) {
            if (!job.finished) {
                job.listener = l;
                return;
            }
        }
        l.finished(job);
    }

    /** The screen went away: nobody to tell; the result waits for the re-created screen. */
    static void unfollow(long id) {
        Job job = JOBS.get(id);
        if (job != null) synchronized (job) {
            job.listener = null;
        }
    }

    /** The job's result was shown: forget it. */
    static void forget(long id) {
        JOBS.remove(id);
    }

    /** Called by the service's thread. */
    static void finish(final Job job, Object result, Exception error) {
        final Listener l;
        synchronized (job) {
            job.result = result;
            job.error = error;
            job.finished = true;
            l = job.listener;
        }
        if (l != null) {
            MAIN.post(new Runnable() {
                @Override
                public void run() {
                    Listener now;
                    synchronized (job) {
                        now = job.listener;
                    }
                    if (now != null) now.finished(job);
                }
            });
        }
    }
}
