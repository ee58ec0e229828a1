package app.crosstalk.exporter;

import android.app.Activity;
import android.content.ActivityNotFoundException;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.graphics.Typeface;
import android.net.Uri;
import android.os.Bundle;
import android.os.SystemClock;
import android.provider.Settings;
import android.util.TypedValue;
import android.view.View;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.ScrollView;
import android.widget.TextView;

import java.util.ArrayList;
import java.util.List;

import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.RoleWindow;
import app.crosstalk.exporter.core.ScreenState;
import app.crosstalk.exporter.core.ScreenState.Step;

/**
 * Shared plumbing of the screens: a scrolling page built in code (no layouts, no AndroidX), the screen's
 * state saved across re-creation ({@link ScreenState}), provider and file work in the foreground service
 * ({@link Work}), runtime permissions, and the temporary default-SMS-app role with the way back. Every
 * decision is made in the core (app.crosstalk.exporter.core); this layer only shows it.
 */
abstract class BaseActivity extends Activity {
    /** Version of the consent texts; ConsentState records which one the user accepted. */
    static final int DISCLOSURE_VERSION = 1;
    private static final int REQ_ROLE = 90;

    private static final String KEY_STATE = "screen";
    private static final String KEY_ROLE_ASK = "role.ask";
    private static final String KEY_ROLE_AT = "role.at";

    protected LinearLayout page;
    /** Null on the start screen, which has no flow. */
    protected ScreenState state;
    private RoleWindow.Ask roleAsked;
    private long roleAskedAt;

    /** Reads the state saved before re-creation (or starts fresh); the screen then shows {@code state.resume()}. */
    protected final void restore(Bundle saved, Action action) {
        state = ScreenState.decode(saved == null ? null : saved.getString(KEY_STATE), action);
        String ask = saved == null ? null : saved.getString(KEY_ROLE_ASK);
        if (ask != null) {
            try {
                roleAsked = RoleWindow.Ask.valueOf(ask);
                roleAskedAt = saved.getLong(KEY_ROLE_AT);
            } catch (IllegalArgumentException e) {
                roleAsked = null;
            }
        }
    }

    @Override
    protected void onSaveInstanceState(Bundle out) {
        super.onSaveInstanceState(out);
        if (state != null) out.putString(KEY_STATE, state.encode());
        if (roleAsked != null) {
            out.putString(KEY_ROLE_ASK, roleAsked.name());
            out.putLong(KEY_ROLE_AT, roleAskedAt);
        }
    }

    // ---- page building ----

    protected int dp(int v) {
        return Math.round(TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_DIP, v, getResources().getDisplayMetrics()));
    }

    protected void newPage(int titleRes) {
        setTitle(titleRes);
        ScrollView scroll = new ScrollView(this);
        page = new LinearLayout(this);
        page.setOrientation(LinearLayout.VERTICAL);
        page.setPadding(dp(16), dp(16), dp(16), dp(24));
        scroll.addView(page);
        setContentView(scroll);
    }

    protected TextView text(CharSequence s) {
        TextView tv = new TextView(this);
        tv.setText(s);
        tv.setTextSize(TypedValue.COMPLEX_UNIT_SP, 16);
        tv.setPadding(0, 0, 0, dp(12));
        tv.setTextIsSelectable(true);
        page.addView(tv);
        return tv;
    }

    protected TextView text(int res) {
        return text(getText(res));
    }

    protected TextView heading(CharSequence s) {
        TextView tv = text(s);
        tv.setTextSize(TypedValue.COMPLEX_UNIT_SP, 20);
        tv.setTypeface(Typeface.DEFAULT_BOLD);
        tv.setPadding(0, dp(8), 0, dp(12));
        return tv;
    }

    protected TextView heading(int res) {
        return heading(getText(res));
    }

    protected TextView bullet(CharSequence s) {
        TextView tv = text("•  " + s);
        tv.setPadding(dp(12), 0, 0, dp(8));
        return tv;
    }

    protected TextView bullet(int res) {
        return bullet(getText(res));
    }

    protected Button button(CharSequence label, View.OnClickListener onClick) {
        Button b = new Button(this);
        b.setText(label);
        b.setAllCaps(false);
        b.setOnClickListener(onClick);
        LinearLayout.LayoutParams lp = new LinearLayout.LayoutParams(
                LinearLayout.LayoutParams.MATCH_PARENT, LinearLayout.LayoutParams.WRAP_CONTENT);
        lp.topMargin = dp(8);
        page.addView(b, lp);
        return b;
    }

    protected Button button(int res, View.OnClickListener onClick) {
        return button(getText(res), onClick);
    }

    protected CheckBox check(int res, boolean checked) {
        CheckBox c = new CheckBox(this);
        c.setText(res);
        c.setTextSize(TypedValue.COMPLEX_UNIT_SP, 16);
        c.setChecked(checked);
        c.setPadding(dp(4), dp(4), 0, dp(4));
        page.addView(c);
        return c;
    }

    /** A page that only says what is being done. */
    protected void busy(int titleRes, int whatRes) {
        newPage(titleRes);
        ProgressBar bar = new ProgressBar(this);
        bar.setIndeterminate(true);
        page.addView(bar);
        text(whatRes);
    }

    protected void homeButton() {
        button(R.string.back_home, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                finish();
            }
        });
    }

    // ---- work in the foreground service ----

    /** Runs {@code task} in the foreground service; {@link #onJobDone} gets its result, even after re-creation. */
    protected void runJob(int titleRes, Work.Task task) {
        state = state.working(Work.start(this, titleRes, task));
        followJob();
    }

    /** Follows the screen's job; a job this process does not know (the process died) was interrupted. */
    protected void followJob() {
        if (Work.get(state.jobId) == null) {
            interrupted();
            return;
        }
        Work.follow(state.jobId, new Work.Listener() {
            @Override
            public void finished(Work.Job job) {
                if (isFinishing() || isDestroyed()) return;
                if (job.error != null) onJobFailed(job.error);
                else onJobDone(job.result);
            }
        });
    }

    /** A job's result (its type says which job it was). */
    protected abstract void onJobDone(Object result);

    protected void onJobFailed(Exception e) {
        showError(e);
    }

    /** The page for a job whose process was stopped by Android before it finished. */
    protected void interrupted() {
        newPage(R.string.app_name);
        text(R.string.work_interrupted);
        homeButton();
    }

    protected void showError(Exception e) {
        newPage(R.string.error_title);
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        text(getString(R.string.error_body, detail));
        if (e instanceof SecurityException) {
            text(R.string.restricted_settings);
            appInfoButton();
        }
        homeButton();
    }

    @Override
    protected void onDestroy() {
        if (state != null && state.jobId > 0) {
            Work.unfollow(state.jobId);
            if (isFinishing()) Work.forget(state.jobId);
        }
        super.onDestroy();
    }

    // ---- permissions ----

    protected boolean granted(String permission) {
        return checkSelfPermission(permission) == PackageManager.PERMISSION_GRANTED;
    }

    protected List<String> missing(List<String> permissions) {
        List<String> out = new ArrayList<>();
        for (String p : permissions) if (!granted(p)) out.add(p);
        return out;
    }

    /** Asks for the permissions not yet granted; true when there was nothing to ask. */
    protected boolean requestMissing(List<String> permissions, int requestCode) {
        List<String> need = missing(permissions);
        if (need.isEmpty()) return true;
        requestPermissions(need.toArray(new String[0]), requestCode);
        return false;
    }

    /** Shows which permissions were refused, how to allow them, and that nothing was touched. */
    protected void showDenied(int titleRes, List<String> refused) {
        newPage(titleRes);
        StringBuilder names = new StringBuilder();
        for (String p : refused) {
            if (names.length() > 0) names.append(", ");
            names.append(Texts.permission(this, p));
        }
        text(getString(R.string.perm_denied, names));
        text(R.string.restricted_settings);
        appInfoButton();
        homeButton();
    }

    protected void appInfoButton() {
        button(R.string.button_app_info, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                Intent i = new Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", getPackageName(), null));
                startSafely(i);
            }
        });
    }

    protected void startSafely(Intent i) {
        try {
            startActivity(i);
        } catch (ActivityNotFoundException | SecurityException e) {
            startActivity(new Intent(Settings.ACTION_SETTINGS));
        }
    }

    // ---- the default-SMS-app role ----

    /** The role is held: go on with the write (the screen may have been re-created meanwhile). */
    protected abstract void onRoleHeld();

    /** The way to go on without messages, or null when there is none (nothing but messages to write). */
    protected Runnable callsOnly() {
        return null;
    }

    /**
     * Explains the role swap and asks Android for it; {@link #onRoleHeld} runs once this app holds it. No
     * request while an MMS from an earlier swap still waits for the usual app.
     */
    protected void askForSmsRole(int titleRes) {
        if (!SmsRole.window(this).canStartWrite()) {
            mmsPending(titleRes);
            return;
        }
        SmsRole.rememberPrevious(this);
        newPage(titleRes);
        heading(R.string.role_title);
        text(getString(R.string.role_body, SmsRole.previousLabel(this)));
        text(R.string.sms_role_warning);
        roleButton(R.string.role_button);
        callsOnlyButton();
        cancelButton();
    }

    private void roleButton(int labelRes) {
        final RoleWindow.Ask ask = SmsRole.window(this).nextAsk();
        if (ask == RoleWindow.Ask.DEFAULT_APPS_SETTINGS) {
            text(getString(R.string.role_settings_explain, getString(R.string.app_name)));
            labelRes = R.string.role_open_settings;
        }
        button(labelRes, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                requestRole(ask);
            }
        });
    }

    private void requestRole(RoleWindow.Ask ask) {
        Intent i = ask == RoleWindow.Ask.DIALOG ? SmsRole.requestIntent(this) : null;
        if (i == null) {
            ask = RoleWindow.Ask.DEFAULT_APPS_SETTINGS;
            i = SmsRole.defaultAppsIntent();
        }
        roleAsked = ask;
        roleAskedAt = SystemClock.elapsedRealtime();
        state = state.at(Step.ROLE);
        try {
            startActivityForResult(i, REQ_ROLE);
        } catch (ActivityNotFoundException | SecurityException e) {
            roleAnswered();
        }
    }

    private void roleAnswered() {
        boolean held = SmsRole.isHeld(this);
        RoleWindow.Ask asked = roleAsked == null ? RoleWindow.Ask.DEFAULT_APPS_SETTINGS : roleAsked;
        RoleWindow.Outcome outcome = RoleWindow.outcome(held, SystemClock.elapsedRealtime() - roleAskedAt, asked);
        roleAsked = null;
        SmsRole.save(this, SmsRole.window(this).after(outcome));
        if (held) onRoleHeld();
        else roleRefused(outcome);
    }

    /** While a role request is out (also after re-creation): its answer arrives in onActivityResult. */
    protected void waitForRole(int titleRes) {
        busy(titleRes, R.string.role_waiting);
    }

    private void callsOnlyButton() {
        final Runnable calls = callsOnly();
        if (calls == null) return;
        button(R.string.role_calls_only, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                calls.run();
            }
        });
    }

    protected void cancelButton() {
        button(R.string.cancel, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                finish();
            }
        });
    }

    private void roleRefused(RoleWindow.Outcome outcome) {
        newPage(R.string.role_title);
        text(outcome == RoleWindow.Outcome.NOT_SHOWN ? R.string.role_not_shown : R.string.role_refused);
        roleButton(R.string.role_try_again);
        callsOnlyButton();
        cancelButton();
    }

    /** An MMS arrived during an earlier swap: the usual app must be the default again before the next write. */
    private void mmsPending(int titleRes) {
        newPage(titleRes);
        heading(R.string.mms_pending_title);
        text(getString(R.string.mms_pending_body, SmsRole.previousLabel(this)));
        switchBackSection();
        homeButton();
    }

    /** A write that held the role has ended: remind the user (notification) until they switched back. */
    protected void writeEnded() {
        SmsRole.writeEnded(this);
    }

    /** While this app holds the role: says so and offers the ways back to the usual SMS app. */
    protected void switchBackSection() {
        if (!SmsRole.isHeld(this)) return;
        heading(R.string.switch_title);
        text(getString(R.string.switch_body, SmsRole.previousLabel(this)));
        final Intent open = SmsRole.openPreviousIntent(this);
        if (open != null) {
            button(getString(R.string.switch_open_app, SmsRole.previousLabel(this)), new View.OnClickListener() {
                @Override
                public void onClick(View v) {
                    startSafely(open);
                }
            });
        }
        button(R.string.switch_settings, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                startSafely(SmsRole.switchBackIntent(BaseActivity.this));
            }
        });
    }

    @Override
    protected final void onActivityResult(int requestCode, int resultCode, Intent data) {
        super.onActivityResult(requestCode, resultCode, data);
        if (requestCode == REQ_ROLE) {
            roleAnswered();
            return;
        }
        onResult(requestCode, resultCode, data);
    }

    /** Results of the activities a screen started (document pickers). */
    protected void onResult(int requestCode, int resultCode, Intent data) {}
}
