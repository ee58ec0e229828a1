package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import app.crosstalk.exporter.core.RoleWindow.Ask;
import app.crosstalk.exporter.core.RoleWindow.Outcome;

public class RoleWindowTest {
    @Test
    public void afterTwoRefusalsTheDefaultAppsScreenInsteadOfALoop() {
        RoleWindow w = RoleWindow.initial();
        assertEquals(Ask.DIALOG, w.nextAsk());
        w = w.after(RoleWindow.outcome(false, 3000, Ask.DIALOG));
        assertEquals(Ask.DIALOG, w.nextAsk());
        w = w.after(RoleWindow.outcome(false, 2500, Ask.DIALOG));
        assertEquals(Ask.DEFAULT_APPS_SETTINGS, w.nextAsk());
        // Granted in settings: counting starts over.
        w = w.after(RoleWindow.outcome(true, 20_000, Ask.DEFAULT_APPS_SETTINGS));
        assertEquals(Ask.DIALOG, w.nextAsk());
        assertTrue(w.writing);
    }

    @Test
    public void aDialogAndroidDidNotShowIsNotTakenForTheUsersAnswer() {
        assertEquals(Outcome.NOT_SHOWN, RoleWindow.outcome(false, 120, Ask.DIALOG));
        assertEquals(Outcome.REFUSED, RoleWindow.outcome(false, 120, Ask.DEFAULT_APPS_SETTINGS));
        assertEquals(Outcome.HELD, RoleWindow.outcome(true, 50, Ask.DIALOG));
        assertEquals(Ask.DEFAULT_APPS_SETTINGS, RoleWindow.initial().after(Outcome.NOT_SHOWN).nextAsk());
    }

    @Test
    public void noWriteStartsWhileAnMmsIsPending() {
        RoleWindow w = RoleWindow.initial().after(Outcome.HELD);
        assertTrue(w.canStartWrite());
        w = w.mmsArrived();
        assertFalse(w.canStartWrite());
        w = w.writeEnded();
        assertFalse("still pending after the write", w.canStartWrite());
        assertEquals(1, w.pendingMms);
        w = w.roleReleased();
        assertTrue(w.canStartWrite());
        assertEquals(0, w.pendingMms);
    }

    @Test
    public void theReminderRunsWhileTheRoleIsHeldForNoWrite() {
        RoleWindow w = RoleWindow.initial().after(Outcome.HELD);
        assertFalse("not during the write", w.remindSwitchBack(true));
        w = w.writeEnded();
        assertTrue(w.remindSwitchBack(true));
        assertFalse("switched back", w.remindSwitchBack(false));
    }

    @Test
    public void survivesPersistence() {
        RoleWindow w = RoleWindow.initial().after(Outcome.REFUSED).after(Outcome.HELD).mmsArrived().mmsArrived();
        RoleWindow back = RoleWindow.decode(w.encode());
        assertEquals(w, back);
        assertEquals(2, back.pendingMms);
        assertTrue(back.writing);
        assertEquals(RoleWindow.initial(), RoleWindow.decode("role1;refusals=-5;mms=x"));
        assertEquals(RoleWindow.initial(), RoleWindow.decode(null));
    }
}
