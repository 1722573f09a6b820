package depset.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches SIGINT, SIGTERM and SIGHUP so that depset can end a session in order (stop the
 * command, unmount, finish the trace) instead of the JVM exiting at once. Closing restores the
 * JVM's own handlers.
 */
public final class SignalRelay implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalRelay(IntConsumer onSignal) {
        for (String name : SIGNALS) {
            try {
                Signal s = new Signal(name);
                previous.add(Signal.handle(s, sig -> onSignal.accept(sig.getNumber())));
                signals.add(s);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one (e.g. run with -Xrs)
            }
        }
    }

    /** Calls {@code onSignal} with the signal's number (on a thread of the JVM's) for each signal caught. */
    public static SignalRelay handle(IntConsumer onSignal) {
        return new SignalRelay(onSignal);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
