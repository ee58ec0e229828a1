package app.crosstalk.exporter.core;

import java.util.LinkedHashMap;
import java.util.Map;

import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Stage;

/**
 * Where one screen (export, write-back, undo) is in its flow, saved in onSaveInstanceState and read back
 * when Android re-creates the activity (dark mode, locale, font scale, process death while a picker or the
 * role dialog is open). Immutable. {@link #resume} decides what the re-created screen shows: never a step
 * whose inputs are gone, and never a step past the consent screen without consent to exactly this action.
 */
public final class ScreenState extends EncodedState {
    public enum Step {
        /** The consent screen. */
        CONSENT,
        /** Runtime permissions asked; their result may arrive after re-creation, so they are checked again. */
        PERMISSIONS,
        /** A document picker is open (export target, write-back set, backup target). */
        PICK_FILE,
        /** Write-back: the backup is being written and checked. */
        BACKUP,
        /** Write-back: the dry run is shown (recomputed from the set and a fresh scan after re-creation). */
        DRY_RUN,
        /** Counting what undo would remove. */
        COUNT,
        /** The default-SMS-app role dialog or the default-apps settings are open. */
        ROLE,
        /** The job runs in the foreground service; the screen follows it by id. */
        WORKING,
        /** The job's result is shown. */
        RESULT
    }

    private static final String KIND = "screen1";

    public final Action action;
    public final Step step;
    public final ConsentState consent;
    /** Write-back: the set; export: the target. Null until picked. */
    public final String fileUri;
    /** Write-back: the backup file, once written and checked. */
    public final String backupUri;
    /** Id of the job in the foreground service; 0 when none was started. */
    public final long jobId;

    private ScreenState(Action action, Step step, ConsentState consent, String fileUri, String backupUri, long jobId) {
        if (action == null) throw new IllegalArgumentException("no action");
        this.action = action;
        this.step = step;
        this.consent = consent;
        this.fileUri = fileUri;
        this.backupUri = backupUri;
        this.jobId = jobId;
    }

    /** A screen opened fresh: the consent screen on show. */
    public static ScreenState start(Action action) {
        return new ScreenState(action, Step.CONSENT, ConsentState.none().show(action), null, null, 0);
    }

    public ScreenState at(Step next) {
        return new ScreenState(action, next, consent, fileUri, backupUri, jobId);
    }

    public ScreenState withConsent(ConsentState c) {
        return new ScreenState(action, step, c, fileUri, backupUri, jobId);
    }

    public ScreenState withFile(String uri) {
        return new ScreenState(action, step, consent, uri, null, jobId);
    }

    public ScreenState withBackup(String uri) {
        return new ScreenState(action, step, consent, fileUri, uri, jobId);
    }

    public ScreenState working(long id) {
        return new ScreenState(action, Step.WORKING, consent, fileUri, backupUri, id);
    }

    private boolean agreed() {
        return consent.stage() == Stage.AGREED && consent.action() == action;
    }

    /**
     * The step to show after re-creation. A job that was started is followed whatever else was lost (its
     * result lives in the service); otherwise each step falls back to the last one whose inputs survived.
     */
    public Step resume() {
        if (step == Step.WORKING || step == Step.RESULT) return jobId > 0 ? step : Step.CONSENT;
        if (step == Step.CONSENT || !agreed()) return Step.CONSENT;
        switch (step) {
            case PERMISSIONS:
            case PICK_FILE:
            case COUNT:
                return step;
            case BACKUP:
                return fileUri == null ? Step.PICK_FILE : Step.BACKUP;
            case DRY_RUN:
            case ROLE:
                if (action == Action.WRITE_BACK && fileUri == null) return Step.PICK_FILE;
                if (action == Action.WRITE_BACK && backupUri == null) return Step.BACKUP;
                if (step == Step.ROLE) return Step.ROLE;
                return Step.DRY_RUN;
            default:
                throw new AssertionError(step);
        }
    }

    @Override
    public String encode() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("action", action.name());
        f.put("step", step.name());
        f.put("consent", consent.encode());
        f.put("file", fileUri);
        f.put("backup", backupUri);
        f.put("job", Long.toString(jobId));
        return StateCodec.encode(KIND, f);
    }

    /** The saved state of a screen for {@code action}; a fresh start for anything else (another screen's, garbage). */
    public static ScreenState decode(String text, Action action) {
        Map<String, String> f = StateCodec.decode(KIND, text);
        if (f == null || !action.name().equals(f.get("action"))) return start(action);
        Step step;
        try {
            step = Step.valueOf(f.get("step"));
        } catch (IllegalArgumentException | NullPointerException e) {
            return start(action);
        }
        long job = Math.max(0, StateCodec.longField(f, "job", 0));
        ConsentState consent = ConsentState.decode(f.get("consent"));
        if (step == Step.CONSENT) consent = ConsentState.none().show(action);
        return new ScreenState(action, step, consent, f.get("file"), f.get("backup"), job);
    }
}
