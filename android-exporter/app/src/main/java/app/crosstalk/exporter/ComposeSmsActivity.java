package app.crosstalk.exporter;

/** Required of a default-SMS-app candidate (SENDTO sms:). Explains that this app sends nothing, and the way back. */
public final class ComposeSmsActivity extends BaseActivity {
    @Override
    protected void onResume() {
        super.onResume();
        newPage(R.string.app_name);
        text(R.string.compose_body);
        switchBackSection();
        homeButton();
    }
}
