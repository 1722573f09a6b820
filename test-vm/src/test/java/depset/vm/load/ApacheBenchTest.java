package depset.vm.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceParser;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reading ab's report, and the guest-side script the load runs. */
@Tag("unit")
class ApacheBenchTest {
    private static final String REPORT = String.join("\n",
            "This is ApacheBench, Version 2.3 <$Revision: 1903618 $>",
            "",
            "Server Software:        Apache/2.4.62",
            "Server Hostname:        192.168.1.3",
            "Server Port:            80",
            "",
            "Document Path:          /row.php",
            "Document Length:        24 bytes",
            "",
            "Concurrency Level:      8",
            "Time taken for tests:   0.530 seconds",
            "Complete requests:      2000",
            "Failed requests:        3",
            "   (Connect: 0, Receive: 0, Length: 3, Exceptions: 0)",
            "Non-2xx responses:      2",
            "Total transferred:      402000 bytes",
            "Requests per second:    3773.58 [#/sec] (mean)",
            "Time per request:       2.120 [ms] (mean)",
            "Time per request:       0.265 [ms] (mean, across all concurrent requests)",
            "Transfer rate:          740.71 [Kbytes/sec] received",
            "");

    @Test
    void readsTheFiguresAndSumsSlices() throws Exception {
        ApacheBench.Result r = ApacheBench.parse(REPORT);
        assertThat(r.complete()).isEqualTo(2000);
        assertThat(r.failed()).isEqualTo(3);
        assertThat(r.non2xx()).isEqualTo(2);
        assertThat(r.seconds()).isEqualTo(0.530);
        // The per-request mean, not the one across concurrent requests.
        assertThat(r.meanLatencyMs()).isEqualTo(2.120, org.assertj.core.data.Offset.offset(1e-9));
        ApacheBench.Result two = r.plus(ApacheBench.parse(REPORT.replace("2.120 [ms] (mean)\n", "4.120 [ms] (mean)\n")));
        assertThat(two.complete()).isEqualTo(4000);
        assertThat(two.meanLatencyMs()).isEqualTo(3.120, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(two.requestsPerSecond()).isEqualTo(4000 / 1.060, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aCleanReportHasNoNon2xxLineAndAReportWithoutFiguresIsAnError() throws Exception {
        assertThat(ApacheBench.parse(REPORT.replace("Non-2xx responses:      2\n", "")).non2xx()).isZero();
        assertThatThrownBy(() -> ApacheBench.parse("apr_socket_recv: Connection refused (111)\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("Connection refused");
    }

    @Test
    void theScriptBootsWaitsForTheGoAheadThenHalts() throws Exception {
        Sequence s = SequenceParser.parse(String.join("\n", "root guest:lamp", "important apache2",
                "guest-interface eth0", "visitor-address 192.168.1.2/24", "boot service apache2 start", "login root",
                "type ifconfig eth0 192.168.1.3", "get http://192.168.1.3/row.php", "logout",
                "halt service apache2 stop", ""), "t.seq", "t");
        String script = LoadScript.of(s);
        int boot = script.indexOf("service apache2 start");
        int ifconfig = script.indexOf("ifconfig eth0 192.168.1.3");
        int wait = script.indexOf("read -r _");
        int halt = script.indexOf("service apache2 stop");
        assertThat(boot).isPositive();
        assertThat(ifconfig).isGreaterThan(boot);
        assertThat(wait).isGreaterThan(ifconfig);
        assertThat(halt).isGreaterThan(wait);
        // Only the wait reads the script's stdin (the go-ahead fifo).
        assertThat(script.split("< /dev/null", -1)).hasSize(4);
        assertThat(script).doesNotContain("row.php");
    }
}
