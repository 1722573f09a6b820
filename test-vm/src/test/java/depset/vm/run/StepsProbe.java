package depset.vm.run;

import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceReader;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A main for {@link SequenceStepsTest}, started in a private mount namespace (a traced session needs
 * one): runs the sequence file {@code SEQ} in {@code ROOT} through depset's traced sandbox and writes
 * its summary, one line per step ({@code OUTCOME describe: reason}), then the programs the trace saw
 * executed, to {@code OUT}.
 *
 * <p>Arguments: {@code SEQ ROOT OUT}.
 */
public final class StepsProbe {
    private StepsProbe() {
    }

    public static void main(String[] args) throws Exception {
        Sequence s = SequenceParser.parse(Path.of(args[0]));
        Path out = Path.of(args[2]);
        Path trace = out.resolveSibling("steps-trace.jsonl");
        SequenceResult r = new SequenceRunner(TracedSession.factory(trace, List.of("steps"), "test", System.err))
                .run(s, Path.of(args[1]));
        List<String> lines = new ArrayList<>();
        lines.add(r.summary());
        for (StepResult step : r.steps()) {
            lines.add(step.outcome() + " " + step.step().describe() + ": " + step.reason());
        }
        try (TraceReader reader = TraceReader.open(trace)) {
            for (TraceEvent e : reader) {
                if (e instanceof ProcessEvent.Exec x) {
                    lines.add("exec " + x.exe());
                }
            }
        }
        Files.write(out, lines);
    }
}
