package depset.vm.load;

import depset.vm.sequence.Sequence;
import depset.vm.sequence.Step;
import depset.vm.sequence.StepKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence's guest-side steps as one {@code sh -c} script that holds the services up while the
 * load runs: the boot steps, the typed commands (the LAMP sequence's {@code ifconfig}), then a wait
 * for one line on stdin (sent when the load generator is done), then the halt steps. One process
 * tree from start to end, so that a tracer that follows a command (strace -f, reprozip trace) sees
 * the services, and ends when they have stopped.
 */
final class LoadScript {
    private LoadScript() {
    }

    static String of(Sequence sequence) {
        List<String> lines = new ArrayList<>();
        lines.add("cd /");
        for (Step s : sequence.steps()) {
            if (s.kind() == StepKind.BOOT || s.kind() == StepKind.TYPE || s.kind() == StepKind.RUN) {
                // stdin is the go-ahead: no step may read it.
                lines.add("( " + s.argument() + "\n) < /dev/null || exit $?");
            }
        }
        lines.add("echo services-up");
        lines.add("read -r _ || true");
        for (Step s : sequence.steps()) {
            if (s.kind() == StepKind.HALT) {
                lines.add("( " + s.argument() + "\n) < /dev/null || exit $?");
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
