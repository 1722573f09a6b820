package depset.trace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The part of a run a process belongs to, as a {@link ProcessEvent.PhaseMark} records it: the
 * start-up, work and shut-down of a test sequence, or the one command of a plain {@code depset run}.
 *
 * <p>The trace and the manifest write a phase as its {@link #label()} ("boot", "work", "halt",
 * "run"); their readers refuse any other ({@link #of}), since a new phase would change what the
 * strategies keep and so takes a new format version. The sequence phases are declared in the
 * order a sequence runs them, which the sequence parser checks.
 */
public enum Phase {
    /** Starting the service (a sequence's {@code boot}/{@code start} steps). */
    BOOT("boot"),
    /** Using it (a sequence's {@code login}, {@code run}, {@code get} … steps). */
    WORK("work"),
    /** Stopping it (a sequence's {@code halt}/{@code stop} steps). */
    HALT("halt"),
    /** The command of a plain {@code depset run} or {@code verify}, or the callers of {@code depset mount}. */
    RUN("run");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The name the trace and the manifest write. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * The phase written as {@code label}.
     *
     * @throws IllegalArgumentException for any other text (a reader reports it as bad input)
     */
    @JsonCreator
    public static Phase of(String label) {
        for (Phase p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown phase \"" + FileNames.printable(String.valueOf(label))
                + "\" (boot, work, halt or run)");
    }

    @Override
    public String toString() {
        return label;
    }
}
