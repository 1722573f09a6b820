package depset.vm.sequence;

/** The part of a service's life a step belongs to; recorded in the trace for the {@code system} strategy. */
public enum Phase {
    BOOT("boot"), WORK("work"), HALT("halt");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The name written in the trace's phase marks. */
    public String label() {
        return label;
    }
}
