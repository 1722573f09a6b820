package depset.vm.eval;

import depset.vm.sequence.Sequence;
import java.nio.file.Path;

/** ReproZip's row: the packed size of the same sequence and whether {@code reprounzip chroot} replays it. */
public final class ReproZip {
    /** Runs ReproZip on {@code sequence} in {@code guest}, working in {@code dir}. */
    public EvalRow row(Sequence sequence, Path guest, Path dir) {
        return EvalRow.unmeasured(sequence.name(), EvalRow.REPROZIP, "not measured yet");
    }
}
