package depset.vm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.run.SequenceResult;
import depset.vm.run.StepResult;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The unseen column: verify steps counted apart from the traced workload's verdict. */
@Tag("unit")
class EvalReportUnseenTest {
    @Test
    void unseenStepsAreCountedApartFromFunctional() throws Exception {
        Sequence s = SequenceParser.parse("root /r\nimportant x\nlogin root\ntype a\nverify\ntype b\ntype c\n"
                + "end-verify\nlogout\n", "t.seq", "t");
        List<StepResult> results = List.of(
                pass(s, 0), pass(s, 1),
                new StepResult(s.steps().get(2), StepResult.Outcome.FAILED, 2, "b: not found", "exit status 2",
                        List.of("/usr/bin/b"), 5),
                pass(s, 3), pass(s, 4));
        SequenceResult r = new SequenceResult("t", Path.of("/tree"), results);
        assertThat(r.passed()).isTrue(); // the traced workload passed
        assertThat(r.unseenPassed()).isEqualTo(1);
        assertThat(r.unseenTotal()).isEqualTo(2);
        assertThat(r.firstFailure()).isEmpty();
        assertThat(r.firstUnseenFailure()).get().extracting(x -> x.step().describe()).isEqualTo("type b");

        EvalRow row = new EvalRow("t", "auto+elf", 1_000_000, 500_000, 10, r.passed(), "", List.of(),
                r.unseenPassed(), r.unseenTotal());
        EvalRow none = new EvalRow("t", "strict", 1_000_000, 500_000, 10, true, "", List.of());
        String md = new EvalReport(List.of(row, none), "now", List.of()).markdown();
        assertThat(md).contains("| unseen: passed/total steps |").contains("| auto+elf | 1.0 | 0.5 | 10 | yes | 1/2 |")
                .contains("| strict | 1.0 | 0.5 | 10 | yes | – |");
    }

    private static StepResult pass(Sequence s, int i) {
        return new StepResult(s.steps().get(i), StepResult.Outcome.PASSED, 0, "", "", List.of(), 1);
    }
}
