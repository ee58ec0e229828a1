package app.crosstalk.exporter;

import android.os.Bundle;
import android.view.View;
import android.widget.CheckBox;
import android.widget.Toast;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.PhoneInventory;
import app.crosstalk.exporter.core.ScreenState.Step;
import app.crosstalk.exporter.core.UndoPlan;

/** Consent → permissions → count of tagged rows → confirm (SMS role if messages) → remove exactly those. */
public final class UndoActivity extends BaseActivity {
    private static final int REQ_PERMISSIONS = 1;

    private ContentResolverPhoneStore store;
    /** The counted plan; null until counted (and again after re-creation, when it is counted again). */
    private UndoPlan plan;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        store = new ContentResolverPhoneStore(getContentResolver());
        restore(savedInstanceState, Action.UNDO);
        switch (state.resume()) {
            case PERMISSIONS: afterPermissions(); break;
            case COUNT: scan(); break;
            case ROLE: waitForRole(R.string.undo_title); break;
            case WORKING:
            case RESULT: followJob(); break;
            default: showConsent();
        }
    }

    private void showConsent() {
        newPage(R.string.undo_title);
        text(R.string.undo_intro);
        bullet(R.string.undo_how_calls);
        bullet(R.string.undo_how_sms);
        final CheckBox calls = check(R.string.undo_calls_check, true);
        final CheckBox sms = check(R.string.undo_sms_check, true);
        text(R.string.undo_perms);
        button(R.string.agree, new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                if (!calls.isChecked() && !sms.isChecked()) {
                    Toast.makeText(UndoActivity.this, R.string.undo_choose_something, Toast.LENGTH_LONG).show();
                    return;
                }
                Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                if (calls.isChecked()) {
                    scopes.add(Scope.READ_CALL_LOG);
                    scopes.add(Scope.WRITE_CALL_LOG);
                }
                if (sms.isChecked()) {
                    scopes.add(Scope.READ_SMS);
                    scopes.add(Scope.WRITE_SMS);
                }
                state = state.withConsent(state.consent.agree(scopes, DISCLOSURE_VERSION, System.currentTimeMillis())).at(Step.PERMISSIONS);
                if (requestMissing(state.consent.permissions(), REQ_PERMISSIONS)) scan();
            }
        });
        cancelButton();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode == REQ_PERMISSIONS) afterPermissions();
    }

    private void afterPermissions() {
        List<String> refused = missing(state.consent.permissions());
        if (!refused.isEmpty()) showDenied(R.string.undo_title, refused);
        else scan();
    }

    private boolean calls() {
        return state.consent.allows(Action.UNDO, Scope.WRITE_CALL_LOG);
    }

    private boolean sms() {
        return state.consent.allows(Action.UNDO, Scope.WRITE_SMS);
    }

    private void scan() {
        state = state.at(Step.COUNT);
        busy(R.string.undo_title, R.string.undo_scanning);
        final ContentResolverPhoneStore s = store;
        final boolean calls = calls();
        final boolean sms = sms();
        runJob(R.string.undo_title, new Work.Task() {
            @Override
            public Object run() throws IOException {
                return UndoPlan.build(PhoneInventory.scan(s, calls, sms), calls, sms);
            }
        });
    }

    @Override
    protected void onJobDone(Object result) {
        if (result instanceof UndoPlan) {
            plan = (UndoPlan) result;
            state = state.at(Step.COUNT);
            showCounts();
        } else {
            showDone((UndoPlan.Result) result);
        }
    }

    private void showCounts() {
        newPage(R.string.undo_title);
        if (plan.total() == 0) {
            text(R.string.undo_nothing);
            state = state.withConsent(state.consent.finish()).at(Step.RESULT);
            switchBackSection();
            homeButton();
            return;
        }
        heading(getString(R.string.undo_counts, plan.calls(), plan.sms()));
        for (Map.Entry<String, Integer> e : plan.byChannel().entrySet()) {
            bullet(getString(R.string.undo_channel_line, Texts.channel(e.getKey()), e.getValue()));
        }
        text(R.string.undo_untouched);
        button(getString(R.string.undo_confirm, plan.calls(), plan.sms()), new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                confirm();
            }
        });
        cancelButton();
    }

    private void confirm() {
        if (plan.sms() > 0 && !SmsRole.isHeld(this)) {
            askForSmsRole(R.string.undo_title);
            return;
        }
        execute();
    }

    @Override
    protected Runnable callsOnly() {
        if (plan == null || plan.calls() == 0) return null;
        return new Runnable() {
            @Override
            public void run() {
                state = state.withConsent(state.consent.without(Scope.WRITE_SMS).without(Scope.READ_SMS));
                scan();
            }
        };
    }

    @Override
    protected void onRoleHeld() {
        // After re-creation the count is gone: count again, and the user confirms what is shown.
        if (plan == null) scan();
        else execute();
    }

    private void execute() {
        busy(R.string.undo_title, R.string.undo_working);
        final UndoPlan confirmed = plan;
        final ContentResolverPhoneStore s = store;
        runJob(R.string.undo_title, new Work.Task() {
            @Override
            public Object run() throws IOException {
                return confirmed.execute(s);
            }
        });
    }

    private void showDone(UndoPlan.Result r) {
        if (r == null) return;
        state = state.withConsent(state.consent.finish()).at(Step.RESULT);
        writeEnded();
        newPage(R.string.undo_title);
        heading(getString(R.string.undo_done, r.deletedCalls, r.deletedSms));
        if (r.remainingCalls + r.remainingSms > 0) text(getString(R.string.undo_remaining, r.remainingCalls, r.remainingSms));
        switchBackSection();
        homeButton();
    }
}
