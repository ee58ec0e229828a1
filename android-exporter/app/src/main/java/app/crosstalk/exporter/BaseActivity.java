package app.crosstalk.exporter;

import android.app.Activity;
import android.content.ActivityNotFoundException;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.graphics.Typeface;
import android.net.Uri;
import android.os.Handler;
import android.os.Looper;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Shared plumbing of the screens: a scrolling page built in code (no layouts, no AndroidX), one background
 * thread for provider and file work, runtime permissions, and the temporary default-SMS-app role with the
 * way back. Every decision is made in the core (app.crosstalk.exporter.core); this layer only shows it.
 */
abstract class BaseActivity extends Activity {
    /** Version of the consent texts; ConsentState records which one the user accepted. */
    static final int DISCLOSURE_VERSION = 1;
    private static final int REQ_ROLE = 90;

    /** Work off the main thread. */
    interface Job<T> {
        T run() throws Exception;
    }

    interface Done<T> {
        void done(T result);
    }

    interface Failed {
        void failed(Exception e);
    }

    // One thread: jobs run in order. shutdown() on destroy lets a running write finish.
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final Handler main = new Handler(Looper.getMainLooper());
    protected LinearLayout page;
    private Runnable onRoleHeld;
    private Runnable onCallsOnly;

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

    // ---- background work ----

    protected <T> void background(final Job<T> job, final Done<T> done) {
        background(job, done, new Failed() {
            @Override
            public void failed(Exception e) {
                showError(e);
            }
        });
    }

    protected <T> void background(final Job<T> job, final Done<T> done, final Failed failed) {
        worker.execute(new Runnable() {
            @Override
            public void run() {
                try {
                    final T result = job.run();
                    post(new Runnable() {
                        @Override
                        public void run() {
                            done.done(result);
                        }
                    });
                } catch (final Exception e) {
                    post(new Runnable() {
                        @Override
                        public void run() {
                            failed.failed(e);
                        }
                    });
                }
            }
        });
    }

    private void post(final Runnable r) {
        main.post(new Runnable() {
            @Override
            public void run() {
                if (!isFinishing() && !isDestroyed()) r.run();
            }
        });
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
        worker.shutdown();
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

    /**
     * Explains the role swap and asks Android for it. {@code held} runs once this app holds the role;
     * {@code callsOnly}, if not null, is offered as the way to go on without messages.
     */
    protected void askForSmsRole(int titleRes, Runnable held, Runnable callsOnly) {
        onRoleHeld = held;
        onCallsOnly = callsOnly;
        SmsRole.rememberPrevious(this);
        newPage(titleRes);
        heading(R.string.role_title);
        text(getString(R.string.role_body, SmsRole.previousLabel(this)));
        text(R.string.sms_role_warning);
        button(R.string.role_button, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                Intent i = SmsRole.requestIntent(BaseActivity.this);
                if (i == null) {
                    roleRefused(R.string.role_title);
                    return;
                }
                try {
                    startActivityForResult(i, REQ_ROLE);
                } catch (ActivityNotFoundException e) {
                    roleRefused(R.string.role_title);
                }
            }
        });
        callsOnlyButton();
        cancelButton();
    }

    private void callsOnlyButton() {
        if (onCallsOnly == null) return;
        button(R.string.role_calls_only, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                onCallsOnly.run();
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

    private void roleRefused(int titleRes) {
        newPage(titleRes);
        text(R.string.role_refused);
        text(R.string.restricted_settings);
        appInfoButton();
        button(R.string.role_try_again, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                askForSmsRole(R.string.role_title, onRoleHeld, onCallsOnly);
            }
        });
        callsOnlyButton();
        cancelButton();
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
            if (SmsRole.isHeld(this) && onRoleHeld != null) onRoleHeld.run();
            else roleRefused(R.string.role_title);
            return;
        }
        onResult(requestCode, resultCode, data);
    }

    /** Results of the activities a screen started (document pickers). */
    protected void onResult(int requestCode, int resultCode, Intent data) {}
}
