package depset.vm.guest;

/** A guest could not be built; the message is one line that says what to do. */
public final class GuestBuildException extends Exception {
    private static final long serialVersionUID = 1L;

    public GuestBuildException(String message) {
        super(message);
    }
}
