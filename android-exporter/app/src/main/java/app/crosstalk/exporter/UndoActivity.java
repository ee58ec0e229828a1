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

import app.crosstalk.exporter.core.ConsentState;
import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.PhoneInventory;
import app.crosstalk.exporter.core.UndoPlan;

/** Consent → permissions → count of tagged rows → confirm (SMS role if messages) → remove exactly those. */
public final class UndoActivity extends BaseActivity {
    private static final int REQ_PERMISSIONS = 1;

    private ConsentState consent = ConsentState.none();
    private ContentResolverPhoneStore store;
    private PhoneInventory inventory;
    private UndoPlan plan;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        store = new ContentResolverPhoneStore(getContentResolver());
        showConsent();
    }

    private void showConsent() {
        consent = ConsentState.none().show(Action.UNDO);
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
                consent = consent.agree(scopes, DISCLOSURE_VERSION, System.currentTimeMillis());
                if (requestMissing(consent.permissions(), REQ_PERMISSIONS)) scan();
            }
        });
        cancelButton();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] results) {
        if (requestCode != REQ_PERMISSIONS) return;
        List<String> refused = missing(consent.permissions());
        if (!refused.isEmpty()) showDenied(R.string.undo_title, refused);
        else scan();
    }

    private boolean calls() {
        return consent.allows(Action.UNDO, Scope.WRITE_CALL_LOG);
    }

    private boolean sms() {
        return consent.allows(Action.UNDO, Scope.WRITE_SMS);
    }

    private void scan() {
        busy(R.string.undo_title, R.string.undo_scanning);
        background(new Job<PhoneInventory>() {
            @Override
            public PhoneInventory run() throws IOException {
                return PhoneInventory.scan(store, calls(), sms());
            }
        }, new Done<PhoneInventory>() {
            @Override
            public void done(PhoneInventory inv) {
                inventory = inv;
                showCounts();
            }
        });
    }

    private void showCounts() {
        plan = UndoPlan.build(inventory, calls(), sms());
        newPage(R.string.undo_title);
        if (plan.total() == 0) {
            text(R.string.undo_nothing);
            consent = consent.finish();
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
            askForSmsRole(R.string.undo_title, new Runnable() {
                @Override
                public void run() {
                    execute();
                }
            }, plan.calls() == 0 ? null : new Runnable() {
                @Override
                public void run() {
                    consent = consent.without(Scope.WRITE_SMS).without(Scope.READ_SMS);
                    showCounts();
                }
            });
            return;
        }
        execute();
    }

    private void execute() {
        busy(R.string.undo_title, R.string.undo_working);
        final UndoPlan confirmed = plan;
        background(new Job<UndoPlan.Result>() {
            @Override
            public UndoPlan.Result run() throws IOException {
                return confirmed.execute(store);
            }
        }, new Done<UndoPlan.Result>() {
            @Override
            public void done(UndoPlan.Result r) {
                consent = consent.finish();
                newPage(R.string.undo_title);
                heading(getString(R.string.undo_done, r.deletedCalls, r.deletedSms));
                if (r.remainingCalls + r.remainingSms > 0) text(getString(R.string.undo_remaining, r.remainingCalls, r.remainingSms));
                switchBackSection();
                homeButton();
            }
        });
    }
}
