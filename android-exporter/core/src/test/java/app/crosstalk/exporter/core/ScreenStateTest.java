package app.crosstalk.exporter.core;

import static org.junit.Assert.assertEquals;

import java.util.EnumSet;

import org.junit.Test;

import app.crosstalk.exporter.core.ConsentState.Action;
import app.crosstalk.exporter.core.ConsentState.Scope;
import app.crosstalk.exporter.core.ScreenState.Step;

public class ScreenStateTest {
    private static final EnumSet<Scope> WRITE_BOTH = EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.WRITE_CALL_LOG, Scope.WRITE_SMS);

    private static ScreenState agreedWriteBack() {
        ScreenState s = ScreenState.start(Action.WRITE_BACK);
        return s.withConsent(s.consent.agree(WRITE_BOTH, 1, 42));
    }

    private static ScreenState roundTrip(ScreenState s) {
        ScreenState back = ScreenState.decode(s.encode(), s.action);
        assertEquals(s.encode(), back.encode());
        return back;
    }

    @Test
    public void everyStepOfEveryScreenSurvivesRecreation() {
        ScreenState wb = agreedWriteBack().withFile("content://docs/set;1.csv").withBackup("content://docs/backup=1.csv");
        for (Step step : Step.values()) {
            ScreenState s = step == Step.WORKING || step == Step.RESULT ? wb.working(7).at(step) : wb.at(step);
            // The consent screen is always shown afresh: what was agreed on it before re-creation does not count.
            ScreenState back = step == Step.CONSENT ? ScreenState.decode(s.encode(), s.action) : roundTrip(s);
            assertEquals(step + " of write-back", step, back.resume());
        }
        ScreenState export = ScreenState.start(Action.EXPORT);
        export = export.withConsent(export.consent.agree(EnumSet.of(Scope.READ_SMS), 1, 1));
        assertEquals(Step.PICK_FILE, roundTrip(export.at(Step.PICK_FILE)).resume());
        assertEquals(Step.WORKING, roundTrip(export.withFile("content://x").working(3)).resume());
        ScreenState undo = ScreenState.start(Action.UNDO);
        undo = undo.withConsent(undo.consent.agree(EnumSet.of(Scope.READ_SMS, Scope.WRITE_SMS), 1, 1));
        assertEquals(Step.COUNT, roundTrip(undo.at(Step.COUNT)).resume());
        assertEquals(Step.ROLE, roundTrip(undo.at(Step.ROLE)).resume());
        assertEquals(Step.PERMISSIONS, roundTrip(undo.at(Step.PERMISSIONS)).resume());
    }

    @Test
    public void aStepWhoseInputsAreGoneFallsBackToTheLastOneThatSurvived() {
        ScreenState wb = agreedWriteBack();
        assertEquals(Step.PICK_FILE, wb.at(Step.BACKUP).resume());
        assertEquals(Step.PICK_FILE, wb.at(Step.DRY_RUN).resume());
        assertEquals(Step.BACKUP, wb.withFile("content://set").at(Step.DRY_RUN).resume());
        assertEquals(Step.BACKUP, wb.withFile("content://set").at(Step.ROLE).resume());
        assertEquals("a new set drops the old backup", Step.BACKUP,
                wb.withFile("a").withBackup("b").withFile("c").at(Step.DRY_RUN).resume());
    }

    @Test
    public void nothingPastTheConsentScreenWithoutConsentToExactlyThisAction() {
        ScreenState shown = ScreenState.start(Action.WRITE_BACK);
        assertEquals(Step.CONSENT, shown.at(Step.DRY_RUN).withFile("a").withBackup("b").resume());
        assertEquals(Step.CONSENT, shown.at(Step.PERMISSIONS).resume());
        // A state saved by another screen, or garbage, starts the screen over.
        ScreenState exportState = ScreenState.start(Action.EXPORT).at(Step.PICK_FILE);
        assertEquals(ScreenState.start(Action.WRITE_BACK), ScreenState.decode(exportState.encode(), Action.WRITE_BACK));
        assertEquals(ScreenState.start(Action.UNDO), ScreenState.decode("screen1;action=UNDO;step=FLYING", Action.UNDO));
        assertEquals(ScreenState.start(Action.UNDO), ScreenState.decode(null, Action.UNDO));
        assertEquals(ScreenState.start(Action.UNDO), ScreenState.decode("screen1;action=UNDO;step=COUNT;consent=%Z", Action.UNDO));
        // A running job is followed even if consent was used up; without a job there is nothing to follow.
        assertEquals(Step.RESULT, agreedWriteBack().working(9).at(Step.RESULT).resume());
        assertEquals(Step.CONSENT, agreedWriteBack().at(Step.WORKING).resume());
    }
}
