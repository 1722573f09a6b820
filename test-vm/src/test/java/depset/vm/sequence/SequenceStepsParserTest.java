package depset.vm.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.trace.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The steps and checks that need no login and no guest process of their own (issue 13), as the parser reads them. */
@Tag("unit")
class SequenceStepsParserTest {
    private static final String HEAD = "root /r\nimportant x\n";

    private static Sequence parse(String text) throws SequenceFormatException {
        return SequenceParser.parse(text, "t.seq", "t");
    }

    @Test
    void readsEveryNewStep() throws Exception {
        Sequence s = parse(HEAD + String.join("\n",
                "start /usr/sbin/nginx -g 'daemon off;'",
                "wait-port 80",
                "wait-port 5432 ::1",
                "wait-file /run/nginx.pid",
                "run nginx -t",
                "local curl -s http://127.0.0.1/",
                "expect-file /etc/hostname",
                "stop nginx",
                "timeout 5s", ""));
        assertThat(s.steps()).extracting(Step::kind).containsExactly(StepKind.START, StepKind.WAIT_PORT,
                StepKind.WAIT_PORT, StepKind.WAIT_FILE, StepKind.RUN, StepKind.LOCAL, StepKind.EXPECT_FILE,
                StepKind.STOP);
        assertThat(s.steps().get(0).daemon()).isEqualTo("nginx");
        assertThat(s.steps().get(0).argument()).isEqualTo("/usr/sbin/nginx -g 'daemon off;'");
        assertThat(s.steps().get(2).argument()).isEqualTo("5432 ::1");
        assertThat(s.steps().get(7).daemon()).isEqualTo("nginx");
        assertThat(s.steps().get(7).timeout()).contains(Duration.ofSeconds(5));
        assertThat(s.steps()).extracting(st -> st.kind().insideGuest())
                .containsExactly(true, false, false, false, true, false, false, true);
        assertThat(s.steps()).extracting(st -> st.kind().phase()).containsExactly(Phase.BOOT, Phase.WORK,
                Phase.WORK, Phase.WORK, Phase.WORK, Phase.WORK, Phase.WORK, Phase.HALT);
    }

    @Test
    void stepsFromOutsideTheGuestStandAnywhereInTheOrder() throws Exception {
        Sequence s = parse(HEAD + "start a\nwait-port 1\nrun x\nhalt y\nwait-file /f\nlocal z\nexpect-file /g\n");
        assertThat(s.steps()).extracting(Step::describe).containsExactly("start a", "wait-port 1", "run x", "halt y",
                "wait-file /f", "local z", "expect-file /g", "stop a");
    }

    @Test
    void aDaemonNotStoppedIsStoppedAtTheEnd() throws Exception {
        Sequence s = parse(HEAD + "start redis-server --port 6379\nstart /bin/sleep 100\nstop sleep\nrun true\n");
        Step last = s.steps().get(s.steps().size() - 1);
        assertThat(last.kind()).isEqualTo(StepKind.STOP);
        assertThat(last.daemon()).isEqualTo("redis-server");
        assertThat(last.line()).isEqualTo(3); // named by its start line
        assertThat(last.expectedStatus()).isZero();
        assertThat(s.steps()).extracting(Step::describe).containsExactly("start redis-server --port 6379",
                "start /bin/sleep 100", "stop sleep", "run true", "stop redis-server");
    }

    @Test
    void aStoppedDaemonMayStartAgainAfterWork() throws Exception {
        // A restart, to see what the daemon kept: start and stop stand anywhere in the order.
        Sequence s = parse(HEAD + "start d\nrun write\nstop d\nstart d\nrun read\nhalt h\n");
        assertThat(s.steps()).extracting(Step::describe).containsExactly("start d", "run write", "stop d", "start d",
                "run read", "halt h", "stop d");
        assertThat(s.steps().get(3).kind().phase()).isEqualTo(Phase.BOOT);
    }

    @Test
    void readsTheNewChecks() throws Exception {
        Sequence s = parse(HEAD + String.join("\n",
                "run git log --oneline",
                "expect-line \"  exactly this  \"",
                "expect-match /^[0-9a-f]{7} first$/",
                "expect-lines <<END",
                "  one",
                "two   ",
                "",
                "END",
                "expect-status 0",
                "run true",
                "expect-no-output",
                "run false",
                "expect-no-output error",
                "expect-status 1", ""));
        List<Check> git = s.steps().get(0).checks();
        assertThat(git).containsExactly(new Check.Line(4, "  exactly this  "),
                new Check.Matches(5, "^[0-9a-f]{7} first$"), new Check.Lines(6, List.of("  one", "two", "")),
                new Check.ExitStatus(11, 0));
        assertThat(((Check.Matches) git.get(1)).pattern().matcher("x\nabc1234 first\ny").find()).isTrue();
        assertThat(s.steps().get(1).checks()).containsExactly(new Check.ExitStatus(0, 0), new Check.NoOutput(13));
        assertThat(s.steps().get(2).checks()).containsExactly(new Check.OutputLacks(15, "error"),
                new Check.ExitStatus(16, 1));
    }

    @Test
    void aBlockKeepsLinesThatLookLikeKeys() throws Exception {
        Sequence s = parse(HEAD + "run cat f\nexpect-lines << EOF\n# not a comment\nboot not a step\nEOF\nrun true\n");
        assertThat(s.steps()).hasSize(2);
        assertThat(s.steps().get(0).checks()).contains(new Check.Lines(4, List.of("# not a comment", "boot not a step")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            run without command       | run                                  | t.seq:3: 'run' needs a command
            start without command     | start                                | t.seq:3: 'start' needs a command
            start of a quoted word    | start 'my daemon' -x                 | t.seq:3: 'start' needs a command whose first word is a program
            start of an expansion     | start $DAEMON                        | t.seq:3: 'start' needs a command whose first word is a program
            start twice               | start d\\nstart /usr/bin/d           | t.seq:4: 'start d' while the d started on line 3 still runs
            stop without name         | stop                                 | t.seq:3: 'stop' needs the name of a daemon
            stop of nothing           | stop nginx                           | t.seq:3: 'stop nginx': no daemon of that name runs ('start CMD' starts one)
            stop of another           | start redis-server\\nstop redis      | t.seq:4: 'stop redis': no daemon of that name runs (running: redis-server)
            stop twice                | start d\\nstop d\\nstop d            | t.seq:5: 'stop d': no daemon of that name runs
            wait-port without port    | wait-port                            | t.seq:3: 'wait-port' needs a port (and optionally a host)
            wait-port of a name       | wait-port http                       | t.seq:3: 'wait-port' needs a port 1-65535
            wait-port zero            | wait-port 0                          | t.seq:3: 'wait-port' needs a port 1-65535
            wait-port too high        | wait-port 65536                      | t.seq:3: 'wait-port' needs a port 1-65535
            wait-port three words     | wait-port 80 h extra                 | t.seq:3: 'wait-port' needs a port 1-65535
            wait-port bad host        | wait-port 80 h/x                     | t.seq:3: 'wait-port' needs a host name or address after the port
            wait-file relative        | wait-file run/x.pid                  | t.seq:3: 'wait-file' needs an absolute path in the guest
            wait-file empty           | wait-file                            | t.seq:3: 'wait-file' needs an absolute path in the guest
            expect-file relative      | expect-file etc/hostname             | t.seq:3: 'expect-file' needs an absolute path in the guest
            local without command     | local                                | t.seq:3: 'local' needs a command
            run after halt            | halt a\\nrun b                       | t.seq:4: a work step after a halt step
            check on start            | start d\\nexpect-line ok             | t.seq:4: 'expect-line' after a 'start' step, which prints nothing (check a daemon's output at its 'stop')
            check on wait-port        | wait-port 80\\nexpect-output x       | t.seq:4: 'expect-output' after a 'wait-port' step, which prints nothing
            check on wait-file        | wait-file /f\\nexpect-no-output      | t.seq:4: 'expect-no-output' after a 'wait-file' step, which prints nothing
            expect-line without text  | run a\\nexpect-line                  | t.seq:4: 'expect-line' needs a value
            expect-match no slashes   | run a\\nexpect-match ok              | t.seq:4: 'expect-match' needs a regular expression between slashes
            expect-match empty        | run a\\nexpect-match //              | t.seq:4: 'expect-match' needs a regular expression between slashes
            expect-match broken       | run a\\nexpect-match /a(b/           | t.seq:4: 'expect-match' has a broken regular expression: Unclosed group
            expect-lines no word      | run a\\nexpect-lines one two         | t.seq:4: 'expect-lines' needs '<<WORD'
            expect-lines unclosed     | run a\\nexpect-lines <<END\\nx\\ny   | t.seq:4: 'expect-lines <<END' has no closing 'END' line
            expect-lines first        | expect-lines <<END\\nx\\nEND          | t.seq:3: 'expect-lines' must follow the step it checks
            """)
    void mistakesAreNamedByLine(String what, String steps, String message) {
        assertThatThrownBy(() -> parse(HEAD + steps.strip().replace("\\n", "\n")))
                .isInstanceOf(SequenceFormatException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void describesDaemonsByName() throws Exception {
        Sequence s = parse(HEAD + "start openssl s_server -accept 4433 -www\n");
        assertThat(s.steps().get(1)).isEqualTo(new Step(3, StepKind.STOP, "openssl", Optional.empty(),
                List.of(new Check.ExitStatus(0, 0))));
    }
}
