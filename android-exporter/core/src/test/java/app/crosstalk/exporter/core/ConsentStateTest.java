package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;

import org.junit.Test;

import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.ConsentState.Stage;

public class ConsentStateTest {
    @Test
    public void nothingIsAllowedBeforeTheScreenIsAccepted() {
        ConsentState none = ConsentState.none();
        assertEquals(Stage.NONE, none.stage());
        assertTrue(none.permissions().isEmpty());
        ConsentState shown = none.show(Action.EXPORT);
        assertEquals(Stage.SHOWN, shown.stage());
        assertFalse(shown.allows(Action.EXPORT, Scope.READ_SMS));
        assertTrue(shown.permissions().isEmpty());
        try {
            none.agree(EnumSet.of(Scope.READ_SMS), 1, 0);
            fail("agreed without the screen");
        } catch (IllegalStateException expected) {
            // refused
        }
        assertEquals(Stage.NONE, none.stage()); // immutable
    }

    @Test
    public void exportAsksOnlyForWhatWasChosen() {
        ConsentState c = ConsentState.none().show(Action.EXPORT)
                .agree(EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS), 3, 1234L);
        assertEquals(Stage.AGREED, c.stage());
        assertEquals(Arrays.asList("android.permission.READ_CALL_LOG", "android.permission.READ_SMS"), c.permissions());
        assertTrue(c.allows(Action.EXPORT, Scope.READ_SMS));
        assertFalse(c.allows(Action.EXPORT, Scope.READ_CONTACTS));
        assertFalse(c.allows(Action.WRITE_BACK, Scope.READ_SMS));
        assertFalse(c.needsSmsRole());
        assertEquals(3, c.disclosureVersion());
        assertEquals(1234L, c.agreedAtMs());
        ConsentState withNames = ConsentState.none().show(Action.EXPORT)
                .agree(EnumSet.of(Scope.READ_SMS, Scope.READ_CONTACTS), 3, 0);
        assertEquals(Arrays.asList("android.permission.READ_SMS", "android.permission.READ_CONTACTS"), withNames.permissions());
    }

    @Test
    public void writeBackNeedsBothReadsForTheBackupAndTheRoleOnlyForMessages() {
        ConsentState shown = ConsentState.none().show(Action.WRITE_BACK);
        ConsentState calls = shown.agree(EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.WRITE_CALL_LOG), 1, 0);
        assertFalse(calls.needsSmsRole());
        assertEquals(Arrays.asList("android.permission.READ_CALL_LOG", "android.permission.READ_SMS",
                "android.permission.WRITE_CALL_LOG"), calls.permissions());
        ConsentState both = shown.agree(EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.WRITE_CALL_LOG, Scope.WRITE_SMS), 1, 0);
        assertTrue(both.needsSmsRole());
        assertEquals(calls.permissions(), both.permissions());
        expectRefused(shown, EnumSet.of(Scope.READ_CALL_LOG, Scope.WRITE_CALL_LOG)); // no SMS backup
        expectRefused(shown, EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS)); // writes nothing
        expectRefused(shown, EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.WRITE_SMS, Scope.READ_CONTACTS));
        expectRefused(ConsentState.none().show(Action.EXPORT), EnumSet.of(Scope.READ_SMS, Scope.WRITE_SMS));
        expectRefused(ConsentState.none().show(Action.EXPORT), EnumSet.of(Scope.READ_CONTACTS));
        expectRefused(ConsentState.none().show(Action.UNDO), EnumSet.of(Scope.WRITE_SMS)); // must read to find tags
    }

    private static void expectRefused(ConsentState shown, EnumSet<Scope> scopes) {
        try {
            shown.agree(scopes, 1, 0);
            fail("agreed to " + scopes);
        } catch (IllegalArgumentException expected) {
            // refused
        }
    }

    @Test
    public void scopesNarrowButNeverWiden() {
        ConsentState both = ConsentState.none().show(Action.UNDO)
                .agree(EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.WRITE_CALL_LOG, Scope.WRITE_SMS), 1, 0);
        ConsentState callsOnly = both.without(Scope.WRITE_SMS);
        assertFalse(callsOnly.needsSmsRole());
        assertTrue(both.needsSmsRole());
        try {
            callsOnly.without(Scope.WRITE_CALL_LOG);
            fail("nothing left to do");
        } catch (IllegalArgumentException expected) {
            // refused
        }
        try {
            callsOnly.show(Action.EXPORT);
            fail("switched action while agreed");
        } catch (IllegalStateException expected) {
            // refused
        }
        ConsentState done = callsOnly.finish();
        assertEquals(ConsentState.none(), done);
        assertEquals(Stage.SHOWN, done.show(Action.EXPORT).stage());
    }

    @Test
    public void declineAndEncode() {
        ConsentState declined = ConsentState.none().show(Action.WRITE_BACK).decline();
        assertEquals(Stage.DECLINED, declined.stage());
        assertTrue(declined.permissions().isEmpty());
        assertEquals(Stage.SHOWN, declined.show(Action.WRITE_BACK).stage());
        try {
            declined.decline();
            fail();
        } catch (IllegalStateException expected) {
            // refused
        }
        ConsentState c = ConsentState.none().show(Action.WRITE_BACK)
                .agree(EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.WRITE_SMS), 2, 99L);
        assertEquals("consent1;AGREED;WRITE_BACK;READ_CALL_LOG,READ_SMS,WRITE_SMS;2;99", c.encode());
        assertEquals(c, ConsentState.decode(c.encode()));
        assertEquals(declined, ConsentState.decode(declined.encode()));
        assertEquals(ConsentState.none(), ConsentState.decode(ConsentState.none().encode()));
        for (String bad : new String[] {null, "", "consent1;AGREED;WRITE_BACK;WRITE_SMS;2;99", "consent2;NONE;;;0;0",
                "consent1;AGREED;FLY;;1;1", "consent1;AGREED;EXPORT;READ_SMS;x;1"}) {
            assertEquals(bad, ConsentState.none(), ConsentState.decode(bad));
        }
        assertNull(ConsentState.none().action());
        assertEquals(Collections.emptySet(), ConsentState.none().scopes());
    }
}
