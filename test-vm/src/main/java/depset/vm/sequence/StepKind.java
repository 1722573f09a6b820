package depset.vm.sequence;

/** What a step does and where it runs; each kind is one key of the sequence format. */
public enum StepKind {
    /** {@code boot CMD}: a command run inside the guest as its init would start a service. */
    BOOT("boot", Phase.BOOT, true),
    /** {@code login USER}: the guest's own {@code login -f USER} on a pseudo-terminal. */
    LOGIN("login", Phase.WORK, true),
    /** {@code type CMD}: a command line typed into the open login shell. */
    TYPE("type", Phase.WORK, true),
    /** {@code logout}: ends the login shell (done implicitly before the first halt step). */
    LOGOUT("logout", Phase.WORK, true),
    /** {@code client CMD}: a command run outside the guest, in the visitor's network namespace. */
    CLIENT("client", Phase.WORK, false),
    /** {@code get URL}: an HTTP GET from the visitor's network namespace; its output is the page. */
    GET("get", Phase.WORK, false),
    /** {@code halt CMD}: a command run inside the guest to stop a service. */
    HALT("halt", Phase.HALT, true);

    private final String key;
    private final Phase phase;
    private final boolean insideGuest;

    StepKind(String key, Phase phase, boolean insideGuest) {
        this.key = key;
        this.phase = phase;
        this.insideGuest = insideGuest;
    }

    public String key() {
        return key;
    }

    public Phase phase() {
        return phase;
    }

    /** Whether the step's processes run inside the guest (and so are traced). */
    public boolean insideGuest() {
        return insideGuest;
    }

    static StepKind byKey(String key) {
        for (StepKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
