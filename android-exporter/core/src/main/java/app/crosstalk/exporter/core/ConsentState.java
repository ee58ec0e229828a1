package app.crosstalk.exporter.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the user agreed to, for which action. Immutable: every step returns a new state, and a step that
 * does not fit the current one throws, so no code path can reach a permission prompt or a write without
 * the consent screen having been shown and accepted for exactly that action and scope.
 *
 * <p>NONE → show(action) → SHOWN → agree(scopes) → AGREED → finish() → NONE; SHOWN → decline() → DECLINED.
 * An agreed scope can be narrowed (the user switches messages off after agreeing), never widened: widening
 * needs the screen again. Consent lasts for one run of one action; it is not kept across runs.
 */
public final class ConsentState {
    public enum Action { EXPORT, WRITE_BACK, UNDO }

    /** What may be read or written. */
    public enum Scope {
        READ_CALL_LOG("android.permission.READ_CALL_LOG"),
        READ_SMS("android.permission.READ_SMS"),
        /** Optional, export only: names for numbers. */
        READ_CONTACTS("android.permission.READ_CONTACTS"),
        WRITE_CALL_LOG("android.permission.WRITE_CALL_LOG"),
        /** No permission: needs the default-SMS-app role for the duration of the write. */
        WRITE_SMS(null);

        /** The runtime permission, or null. */
        public final String permission;

        Scope(String permission) {
            this.permission = permission;
        }
    }

    public enum Stage { NONE, SHOWN, AGREED, DECLINED }

    private final Stage stage;
    private final Action action;
    private final Set<Scope> scopes;
    private final int disclosureVersion;
    private final long agreedAtMs;

    private ConsentState(Stage stage, Action action, Set<Scope> scopes, int disclosureVersion, long agreedAtMs) {
        this.stage = stage;
        this.action = action;
        this.scopes = Collections.unmodifiableSet(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes));
        this.disclosureVersion = disclosureVersion;
        this.agreedAtMs = agreedAtMs;
    }

    public static ConsentState none() {
        return new ConsentState(Stage.NONE, null, EnumSet.noneOf(Scope.class), 0, 0);
    }

    public Stage stage() { return stage; }
    /** Null in NONE. */
    public Action action() { return action; }
    public Set<Scope> scopes() { return scopes; }
    /** Version of the consent text that was agreed to (0 before agreeing). */
    public int disclosureVersion() { return disclosureVersion; }
    public long agreedAtMs() { return agreedAtMs; }

    /** Scopes an action may ask for. */
    public static Set<Scope> allowedScopes(Action action) {
        switch (action) {
            case EXPORT: return EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.READ_CONTACTS);
            case WRITE_BACK:
            case UNDO: return EnumSet.of(Scope.READ_CALL_LOG, Scope.READ_SMS, Scope.WRITE_CALL_LOG, Scope.WRITE_SMS);
            default: throw new AssertionError(action);
        }
    }

    /** The consent screen for an action is on show. */
    public ConsentState show(Action a) {
        if (a == null) throw new IllegalArgumentException("no action");
        if (stage == Stage.AGREED) throw new IllegalStateException("consent for " + action + " is still active; finish it first");
        return new ConsentState(Stage.SHOWN, a, EnumSet.noneOf(Scope.class), 0, 0);
    }

    /** The user accepted the screen (text version {@code disclosureVersion}) for these scopes. */
    public ConsentState agree(Set<Scope> chosen, int disclosureVersion, long nowMs) {
        if (stage != Stage.SHOWN) throw new IllegalStateException("agree without the consent screen shown (stage " + stage + ")");
        if (disclosureVersion <= 0) throw new IllegalArgumentException("disclosure version must be positive");
        checkScopes(action, chosen);
        return new ConsentState(Stage.AGREED, action, chosen, disclosureVersion, nowMs);
    }

    public ConsentState decline() {
        if (stage != Stage.SHOWN) throw new IllegalStateException("decline without the consent screen shown (stage " + stage + ")");
        return new ConsentState(Stage.DECLINED, action, EnumSet.noneOf(Scope.class), 0, 0);
    }

    /** Drops a scope after agreeing (never adds one). */
    public ConsentState without(Scope scope) {
        if (stage != Stage.AGREED) throw new IllegalStateException("nothing agreed to narrow");
        Set<Scope> rest = EnumSet.noneOf(Scope.class);
        rest.addAll(scopes);
        rest.remove(scope);
        checkScopes(action, rest);
        return new ConsentState(Stage.AGREED, action, rest, disclosureVersion, agreedAtMs);
    }

    /** The action ran (or was abandoned): consent is used up. */
    public ConsentState finish() {
        return none();
    }

    /** Whether the user agreed to this action with this scope. */
    public boolean allows(Action a, Scope scope) {
        return stage == Stage.AGREED && action == a && scopes.contains(scope);
    }

    /** The runtime permissions the agreed scopes need, in a stable order. */
    public List<String> permissions() {
        List<String> out = new ArrayList<>();
        if (stage != Stage.AGREED) return out;
        for (Scope s : scopes) if (s.permission != null) out.add(s.permission);
        return out;
    }

    /** Whether the agreed scopes need the default-SMS-app role. */
    public boolean needsSmsRole() {
        return stage == Stage.AGREED && scopes.contains(Scope.WRITE_SMS);
    }

    private static void checkScopes(Action action, Set<Scope> chosen) {
        Set<Scope> allowed = allowedScopes(action);
        for (Scope s : chosen) {
            if (!allowed.contains(s)) throw new IllegalArgumentException(action + " cannot ask for " + s);
        }
        if (chosen.contains(Scope.WRITE_CALL_LOG) && !chosen.contains(Scope.READ_CALL_LOG)) {
            throw new IllegalArgumentException("writing calls needs reading them (duplicates, tags)");
        }
        if (chosen.contains(Scope.WRITE_SMS) && !chosen.contains(Scope.READ_SMS)) {
            throw new IllegalArgumentException("writing messages needs reading them (duplicates, tags)");
        }
        if (action == Action.EXPORT) {
            if (!chosen.contains(Scope.READ_CALL_LOG) && !chosen.contains(Scope.READ_SMS)) {
                throw new IllegalArgumentException("export needs the call log or the SMS store");
            }
            return;
        }
        if (action == Action.WRITE_BACK && (!chosen.contains(Scope.READ_CALL_LOG) || !chosen.contains(Scope.READ_SMS))) {
            throw new IllegalArgumentException("write-back reads both stores for the backup taken first");
        }
        if (!chosen.contains(Scope.WRITE_CALL_LOG) && !chosen.contains(Scope.WRITE_SMS)) {
            throw new IllegalArgumentException(action + " needs calls or messages to write");
        }
    }

    /** A one-line form for saving across Activity re-creation. */
    public String encode() {
        StringBuilder sb = new StringBuilder("consent1;").append(stage).append(';').append(action == null ? "" : action.name()).append(';');
        boolean first = true;
        for (Scope s : scopes) {
            if (!first) sb.append(',');
            sb.append(s.name());
            first = false;
        }
        return sb.append(';').append(disclosureVersion).append(';').append(agreedAtMs).toString();
    }

    /** The state {@link #encode} wrote; NONE for anything else. */
    public static ConsentState decode(String text) {
        if (text == null) return none();
        String[] p = text.split(";", -1);
        if (p.length != 6 || !p[0].equals("consent1")) return none();
        try {
            Stage stage = Stage.valueOf(p[1]);
            Action action = p[2].isEmpty() ? null : Action.valueOf(p[2]);
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            if (!p[3].isEmpty()) for (String s : p[3].split(",")) scopes.add(Scope.valueOf(s));
            int version = Integer.parseInt(p[4]);
            long at = Long.parseLong(p[5]);
            if (stage == Stage.NONE) return none();
            if (action == null) return none();
            if (stage == Stage.AGREED) checkScopes(action, scopes);
            return new ConsentState(stage, action, scopes, version, at);
        } catch (IllegalArgumentException e) {
            return none();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConsentState)) return false;
        ConsentState c = (ConsentState) o;
        return c.stage == stage && c.action == action && c.scopes.equals(scopes)
                && c.disclosureVersion == disclosureVersion && c.agreedAtMs == agreedAtMs;
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
