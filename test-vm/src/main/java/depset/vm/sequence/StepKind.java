package depset.vm.sequence;

import depset.trace.Phase;

/** What a step does and where it runs; each kind is one key of the sequence format. */
public enum StepKind {
    /** {@code boot CMD}: a command run inside the guest as its init would start a service. */
    BOOT("boot", Phase.BOOT, Place.GUEST),
    /**
     * {@code start CMD}: a daemon run inside the guest in the background ({@code exec CMD} in the guest's
     * {@code /bin/sh}, in the foreground as far as it knows); stopped by {@code stop NAME} or at the end.
     */
    START("start", Phase.BOOT, Place.GUEST, false),
    /** {@code login USER}: the guest's own {@code login -f USER} on a pseudo-terminal. */
    LOGIN("login", Phase.WORK, Place.GUEST),
    /** {@code type CMD}: a command line typed into the open login shell. */
    TYPE("type", Phase.WORK, Place.GUEST),
    /** {@code logout}: ends the login shell (done implicitly before the first halt step). */
    LOGOUT("logout", Phase.WORK, Place.GUEST),
    /** {@code run CMD}: a command run inside the guest without a login ({@code /bin/sh -c CMD}). */
    RUN("run", Phase.WORK, Place.GUEST),
    /** {@code client CMD}: a command run outside the guest, in the visitor's network namespace. */
    CLIENT("client", Phase.WORK, Place.MACHINE),
    /** {@code get URL}: an HTTP GET from the visitor's network namespace; its output is the page. */
    GET("get", Phase.WORK, Place.MACHINE),
    /** {@code local CMD}: a command of the machine run in the guest's network namespace. */
    LOCAL("local", Phase.WORK, Place.ANYWHERE),
    /** {@code wait-port PORT [HOST]}: waits until a TCP connection to HOST:PORT in the guest's network succeeds. */
    WAIT_PORT("wait-port", Phase.WORK, Place.ANYWHERE),
    /** {@code wait-file PATH}: waits until the guest has the file PATH. */
    WAIT_FILE("wait-file", Phase.WORK, Place.ANYWHERE),
    /** {@code expect-file PATH}: reads the guest's file PATH from outside; its output is the file. */
    EXPECT_FILE("expect-file", Phase.WORK, Place.ANYWHERE),
    /** {@code halt CMD}: a command run inside the guest to stop a service. */
    HALT("halt", Phase.HALT, Place.GUEST),
    /** {@code stop NAME}: SIGTERM to the daemon {@code start} started, then SIGKILL if it outstays the timeout. */
    STOP("stop", Phase.HALT, Place.GUEST, false);

    /** Where a step's work happens, and so whether it is traced and where in the order it may stand. */
    public enum Place {
        /** Processes inside the guest: traced, in its phase's place in the order boot, work, halt. */
        GUEST,
        /** A program of the machine in the visitor's network: not traced, a work step. */
        MACHINE,
        /** Done by depset from outside the guest: not traced. */
        ANYWHERE
    }

    private final String key;
    private final Phase phase;
    private final Place place;
    private final boolean ordered;

    StepKind(String key, Phase phase, Place place) {
        this(key, phase, place, place != Place.ANYWHERE);
    }

    StepKind(String key, Phase phase, Place place, boolean ordered) {
        this.key = key;
        this.phase = phase;
        this.place = place;
        this.ordered = ordered;
    }

    public String key() {
        return key;
    }

    /** The phase the step belongs to (for steps allowed anywhere: work, though they add nothing to a trace). */
    public Phase phase() {
        return phase;
    }

    public Place place() {
        return place;
    }

    /** Whether the step's processes run inside the guest (and so are traced). */
    public boolean insideGuest() {
        return place == Place.GUEST;
    }

    /**
     * Whether the step may stand anywhere in the order boot, work, halt: the steps done from outside,
     * and starting and stopping a daemon (a restart between work steps; a started daemon's processes
     * still count as boot's).
     */
    public boolean anyPhase() {
        return !ordered;
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
