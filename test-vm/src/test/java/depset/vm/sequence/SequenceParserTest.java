package depset.vm.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.trace.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class SequenceParserTest {

    private static Sequence parse(String text) throws SequenceFormatException {
        return SequenceParser.parse(text, "t.seq", "t");
    }

    @Test
    void readsTheShippedLampSequence() throws Exception {
        Sequence s = SequenceParser.parse(Path.of("sequences/lamp.seq"));
        assertThat(s.name()).isEqualTo("lamp");
        assertThat(s.guestName()).contains("lamp");
        assertThat(s.important()).containsExactly("apache2", "mariadbd");
        assertThat(s.network()).contains(new Network("eth0", "192.168.1.2/24"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.hasUnseen()).isTrue();
        assertThat(s.steps()).filteredOn(Step::unseen).extracting(Step::describe).startsWith(
                "get http://192.168.1.3/no-such-page.php", "get http://192.168.1.3/", "type apachectl configtest");
        s = s.traced();
        assertThat(s.hasUnseen()).isFalse();
        assertThat(s.steps()).extracting(Step::describe).containsExactly(
                "boot mkdir -p -m 1777 /run/lock", "boot service mariadb start", "wait-port 3306",
                "boot service apache2 start", "wait-port 80", "login root",
                "type ifconfig eth0 192.168.1.3", "get http://192.168.1.3/row.php", "logout",
                "halt service apache2 stop", "halt service mariadb stop");
        Step get = s.steps().get(7);
        assertThat(get.timeout()).contains(Duration.ofSeconds(20));
        assertThat(s.timeoutOf(get)).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.timeoutOf(s.steps().get(0))).isEqualTo(Duration.ofSeconds(60));
        assertThat(get.checks()).contains(new Check.Line(27, "row: depset-lamp-row-42"));
        assertThat(s.steps()).extracting(st -> st.kind().phase()).containsExactly(Phase.BOOT, Phase.BOOT, Phase.WORK,
                Phase.BOOT, Phase.WORK, Phase.WORK, Phase.WORK, Phase.WORK, Phase.WORK, Phase.HALT, Phase.HALT);
    }

    @Test
    void readsTheShippedLsSequence() throws Exception {
        Sequence s = SequenceParser.parse(Path.of("sequences/ls.seq"));
        assertThat(s.important()).containsExactly("ls");
        assertThat(s.network()).isEmpty();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.traced().steps()).extracting(Step::describe).containsExactly("login root", "type ls /", "logout");
        assertThat(s.steps()).filteredOn(Step::unseen).hasSize(3).allMatch(st -> st.kind() == StepKind.TYPE);
    }

    @Test
    void verifyStepsAreMarkedUnseenAndOnlyWorkStepsMayBeThere() throws Exception {
        Sequence s = parse("root /r\nimportant x\nlogin root\ntype a\nverify\ntype b\nexpect-output b\n"
                + "type c\nend-verify\ntype d\nlogout\n");
        assertThat(s.steps()).extracting(Step::describe).containsExactly("login root", "type a", "type b", "type c",
                "type d", "logout");
        assertThat(s.steps()).extracting(Step::unseen).containsExactly(false, false, true, true, false, false);
        assertThat(s.traced().steps()).extracting(Step::describe).containsExactly("login root", "type a", "type d",
                "logout");
        assertThatThrownBy(() -> parse("root /r\nimportant x\nverify\nboot a\n"
                + "end-verify\n")).hasMessageContaining("t.seq:4: a boot step inside 'verify' (line 3)");
        assertThatThrownBy(() -> parse("root /r\nimportant x\nlogin root\nverify\n"
                + "type a\n")).hasMessageContaining("t.seq:4: 'verify' has no closing 'end-verify' line");
        assertThatThrownBy(() -> parse("root /r\nimportant x\nlogin root\n"
                + "end-verify\n")).hasMessageContaining("'end-verify' without a 'verify'");
        assertThatThrownBy(() -> parse("root /r\nimportant x\nlogin root\n"
                + "verify now\n")).hasMessageContaining("'verify' takes no value");
    }

    @Test
    void everyStepExpectsStatusZeroUnlessToldOtherwise() throws Exception {
        Sequence s = parse("root /r\nimportant x\nboot a\nboot b\nexpect-status 3\nexpect-no-output oops\n"
                + "expect-output \"  spaced \"\n");
        assertThat(s.steps().get(0).expectedStatus()).isZero();
        assertThat(s.steps().get(1).expectedStatus()).isEqualTo(3);
        assertThat(s.steps().get(1).checks()).contains(new Check.OutputLacks(6, "oops"),
                new Check.OutputContains(7, "  spaced "));
    }

    @Test
    void durationsTakeUnits() throws Exception {
        Sequence s = parse("root /r\nimportant x\ntimeout 2m\nboot a\ntimeout 500ms\nboot b\ntimeout 7\n");
        assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.steps()).extracting(Step::timeout).containsExactly(
                java.util.Optional.of(Duration.ofMillis(500)), java.util.Optional.of(Duration.ofSeconds(7)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key             | root /r\\nimportant x\\nbooot a                       | t.seq:3: unknown key 'booot'
            header after a step     | root /r\\nimportant x\\nboot a\\nroot /s               | t.seq:4: 'root' belongs to the header
            second header key       | root /r\\nroot /s                                      | t.seq:2: second 'root' (the first is on line 1)
            type without login      | root /r\\nimportant x\\ntype ls                        | t.seq:3: 'type' needs an open login shell
            login twice             | root /r\\nimportant x\\nlogin root\\nlogin root        | t.seq:4: 'login' while a login shell is already open
            logout without login    | root /r\\nimportant x\\nlogout                         | t.seq:3: 'logout' without a 'login'
            check before any step   | root /r\\nimportant x\\nexpect-status 0               | t.seq:3: 'expect-status' must follow the step
            bad status              | root /r\\nimportant x\\nboot a\\nexpect-status yes     | t.seq:4: 'expect-status' needs an exit status
            bad timeout             | root /r\\nimportant x\\nboot a\\ntimeout soon          | t.seq:4: 'timeout' needs a duration
            zero timeout            | root /r\\ntimeout 0s                                   | t.seq:2: 'timeout' must be longer than 0
            step without argument   | root /r\\nimportant x\\nboot                           | t.seq:3: 'boot' needs a command
            boot after work         | root /r\\nimportant x\\nlogin root\\nboot a            | t.seq:4: a boot step after a work step
            work after halt         | root /r\\nimportant x\\nhalt a\\nlogin root            | t.seq:4: a work step after a halt step
            client without network  | root /r\\nimportant x\\nget http://h/                  | t.seq:3: 'get' runs in the visitor's network
            get without URL         | root /r\\nimportant x\\nguest-interface e\\nvisitor-address 10.0.0.2/24\\nget h | t.seq:5: 'get' needs an http:// URL
            bad address             | root /r\\nimportant x\\nguest-interface e\\nvisitor-address 10.0.0.300/24\\nboot a | t.seq:4: 'visitor-address' needs an IPv4 address
            address without iface   | root /r\\nimportant x\\nvisitor-address 10.0.0.2/24\\nboot a | t.seq:3: 'visitor-address' needs a 'guest-interface'
            no root                 | important x\\nboot a                                   | t.seq: no 'root' line
            no important            | root /r\\nboot a                                       | t.seq: no 'important' line
            no steps                | root /r\\nimportant x                                  | t.seq: no steps
            empty guest name        | root guest:\\nimportant x\\nboot a                     | t.seq:1: 'root guest:' needs a guest name
            """)
    void mistakesAreNamedByLine(String what, String text, String message) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
                .isInstanceOf(SequenceFormatException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void theErrorKnowsItsLine() {
        assertThatThrownBy(() -> parse("# comment\n\nroot /r\nimportant x\nboot a\nwhat now"))
                .isInstanceOfSatisfying(SequenceFormatException.class, e -> assertThat(e.line()).isEqualTo(6));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws Exception {
        Sequence s = parse("# a\n\n   # b\nroot guest:ls\nimportant ls, sh\nboot echo '#not a comment'\n");
        assertThat(s.important()).isEqualTo(List.of("ls", "sh"));
        assertThat(s.steps().get(0).argument()).isEqualTo("echo '#not a comment'");
    }
}
