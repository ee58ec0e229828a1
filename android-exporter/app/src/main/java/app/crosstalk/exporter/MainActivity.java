package app.crosstalk.exporter;

import android.content.Intent;
import android.os.Bundle;
import android.view.View;

/** The start screen: the three actions, and the way back to the usual SMS app while this one holds the role. */
public final class MainActivity extends BaseActivity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
    }

    @Override
    protected void onResume() {
        super.onResume();
        SmsRole.updateReminder(this, SmsRole.window(this)); // the role may have changed while another app was in front
        show();
    }

    private void show() {
        newPage(R.string.app_name);
        text(R.string.main_intro);
        button(R.string.main_export, open(ExportActivity.class));
        button(R.string.main_write_back, open(WriteBackActivity.class));
        button(R.string.main_undo, open(UndoActivity.class));
        button(R.string.main_auto, open(AutoExportActivity.class));
        switchBackSection();
        text(R.string.main_privacy);
    }

    @Override
    protected void onJobDone(Object result) {
        // The start screen runs no job.
    }

    @Override
    protected void onRoleHeld() {
        // The start screen never asks for the role.
    }

    private View.OnClickListener open(final Class<?> screen) {
        return new View.OnClickListener() {
            @Override
            public void onClick(View v) {
                startActivity(new Intent(MainActivity.this, screen));
            }
        };
    }
}
