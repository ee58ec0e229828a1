package app.crosstalk.exporter.core;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * The phone's call log and SMS/MMS store, as the core sees it: column maps in, column maps out, row ids.
 * The Android layer implements it with ContentResolver (ContentResolverPhoneStore); the tests with an
 * in-memory store. Column names are the providers' own ({@link ProviderRows}).
 */
public interface PhoneStore {
    /** Receives rows one at a time, so a store of any size streams. */
    interface RowSink {
        void accept(Map<String, Object> columns) throws IOException;
    }

    /** Every CallLog.Calls row ({@link ProviderRows.Calls#PROJECTION}), oldest first. */
    void queryCalls(RowSink sink) throws IOException;

    /** Every Telephony.Sms row ({@link ProviderRows.Sms#PROJECTION}), oldest first. */
    void querySms(RowSink sink) throws IOException;

    /** Every Telephony.Mms row with its addrs and parts ({@link ProviderRows.Mms}), oldest first. */
    void queryMms(RowSink sink) throws IOException;

    /** Inserts a call; the new row id, or -1 when the phone refused it. */
    long insertCall(Map<String, Object> values) throws IOException;

    /** Inserts an SMS; the new row id, or -1 when the phone refused it. */
    long insertSms(Map<String, Object> values) throws IOException;

    /** Deletes exactly these call rows; the number deleted. */
    int deleteCalls(Collection<Long> ids) throws IOException;

    /** Deletes exactly these SMS rows; the number deleted. */
    int deleteSms(Collection<Long> ids) throws IOException;
}
