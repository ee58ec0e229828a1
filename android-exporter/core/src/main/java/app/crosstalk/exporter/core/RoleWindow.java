package app.crosstalk.exporter.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default-SMS-app role, held only for the write itself. Persisted (SharedPreferences) because it spans
 * activities, the service and broadcast receivers. Decides:
 * <ul>
 *   <li>how to ask: the system dialog, or — once Android stops showing it (after two refusals the request
 *   returns at once, "don't ask again") — the default-apps settings screen;</li>
 *   <li>whether a write may start: not while an MMS that arrived during an earlier window is still waiting
 *   to be handed back to the usual messaging app;</li>
 *   <li>whether to remind the user to switch back: whenever the role is held and no write is running.</li>
 * </ul>
 */
public final class RoleWindow extends EncodedState {
    /** How to ask for the role next. */
    public enum Ask { DIALOG, DEFAULT_APPS_SETTINGS }

    /** What a role request came back with. */
    public enum Outcome { HELD, REFUSED, NOT_SHOWN }

    /** A refusal faster than this never showed a dialog: Android suppressed it. */
    static final long SUPPRESSED_BELOW_MS = 400;
    /** Android shows the role dialog at most this many times once refused. */
    static final int SHOWN_REFUSALS = 2;
    private static final String KIND = "role1";

    public final int refusals;
    /** True from the moment the role was granted for a write until that write ended. */
    public final boolean writing;
    /** MMS announced while the role was held (their notifications were stored for the usual app). */
    public final int pendingMms;

    private RoleWindow(int refusals, boolean writing, int pendingMms) {
        this.refusals = Math.max(0, refusals);
        this.writing = writing;
        this.pendingMms = Math.max(0, pendingMms);
    }

    public static RoleWindow initial() {
        return new RoleWindow(0, false, 0);
    }

    public Ask nextAsk() {
        return refusals >= SHOWN_REFUSALS ? Ask.DEFAULT_APPS_SETTINGS : Ask.DIALOG;
    }

    /** Classifies a request's result: held, refused by the user, or answered by Android without a dialog. */
    public static Outcome outcome(boolean heldNow, long elapsedMs, Ask asked) {
        if (heldNow) return Outcome.HELD;
        if (asked == Ask.DIALOG && elapsedMs < SUPPRESSED_BELOW_MS) return Outcome.NOT_SHOWN;
        return Outcome.REFUSED;
    }

    public RoleWindow after(Outcome outcome) {
        switch (outcome) {
            case HELD: return new RoleWindow(0, true, pendingMms);
            case NOT_SHOWN: return new RoleWindow(Math.max(refusals, SHOWN_REFUSALS), false, pendingMms);
            case REFUSED: return new RoleWindow(refusals + 1, false, pendingMms);
            default: throw new AssertionError(outcome);
        }
    }

    /** A write may start only with no MMS waiting to be handed back. */
    public boolean canStartWrite() {
        return pendingMms == 0;
    }

    public RoleWindow writeEnded() {
        return new RoleWindow(refusals, false, pendingMms);
    }

    public RoleWindow mmsArrived() {
        return new RoleWindow(refusals, writing, pendingMms + 1);
    }

    /**
     * The role is back with the usual app: it reads the stored MMS notifications from the provider, so the
     * MMS are no longer this app's to mind.
     */
    public RoleWindow roleReleased() {
        return new RoleWindow(refusals, false, 0);
    }

    /** While this app holds the role for no running write, the user is reminded to switch back. */
    public boolean remindSwitchBack(boolean roleHeld) {
        return roleHeld && !writing;
    }

    @Override
    public String encode() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("refusals", Integer.toString(refusals));
        f.put("writing", Boolean.toString(writing));
        f.put("mms", Integer.toString(pendingMms));
        return StateCodec.encode(KIND, f);
    }

    public static RoleWindow decode(String text) {
        Map<String, String> f = StateCodec.decode(KIND, text);
        if (f == null) return initial();
        return new RoleWindow((int) Math.min(1000, StateCodec.longField(f, "refusals", 0)), "true".equals(f.get("writing")),
                (int) Math.min(1_000_000, StateCodec.longField(f, "mms", 0)));
    }
}
