package app.crosstalk.exporter;

import android.app.Service;
import android.content.Intent;
import android.os.IBinder;

/** Required of a default-SMS-app candidate ("reply with a message" to a call). This app sends nothing. */
public final class RespondViaMessageService extends Service {
    @Override
    public int onStartCommand(Intent intent, int flags, int startId) {
        stopSelf(startId);
        return START_NOT_STICKY;
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }
}
