package depset.vm.load;

import depset.sandbox.HostCommand;
import depset.vm.run.GuestNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ApacheBench ({@code ab}, Debian's apache2-utils) run from the visitor's network namespace: a
 * fixed number of requests at a fixed concurrency, no keep-alive. ab counts a response as failed
 * when the connection fails or its length differs from the first response's (a PHP error page is
 * shorter than the row), and apart from that counts non-2xx responses.
 */
final class ApacheBench {
    static final String AB = "/usr/bin/ab";

    private ApacheBench() {
    }

    /** One or more ab runs' figures, summed. */
    record Result(int complete, int failed, int non2xx, double seconds, double latencySumMs) {
        static final Result NONE = new Result(0, 0, 0, 0, 0);

        Result plus(Result o) {
            return new Result(complete + o.complete, failed + o.failed, non2xx + o.non2xx, seconds + o.seconds,
                    latencySumMs + o.latencySumMs);
        }

        double requestsPerSecond() {
            return seconds > 0 ? complete / seconds : 0;
        }

        /** Mean time from sending a request to its whole response, ms (ab's per-request "mean"). */
        double meanLatencyMs() {
            return complete > 0 ? latencySumMs / complete : 0;
        }
    }

    static boolean installed() {
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of(AB));
    }

    /** Runs {@code requests} GETs of {@code url}, {@code concurrency} at a time. */
    static Result run(GuestNetwork network, String url, int requests, int concurrency) throws IOException {
        Process p = network.startVisitor(List.of(AB, "-q", "-n", Integer.toString(requests), "-c",
                Integer.toString(concurrency), "-s", "30", url));
        p.getOutputStream().close();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                HostCommand.killTree(p.toHandle());
                throw new IOException("ab did not end within 10 minutes");
            }
        } catch (InterruptedException e) {
            HostCommand.killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ab ran");
        }
        if (p.exitValue() != 0 && !out.contains("Complete requests")) {
            throw new IOException("ab failed (status " + p.exitValue() + "): " + lastLine(out));
        }
        return parse(out);
    }

    static Result parse(String out) throws IOException {
        int complete = (int) number(out, "Complete requests:\\s+(\\d+)", true);
        int failed = (int) number(out, "Failed requests:\\s+(\\d+)", true);
        int non2xx = (int) number(out, "Non-2xx responses:\\s+(\\d+)", false);
        double seconds = number(out, "Time taken for tests:\\s+([0-9.]+) seconds", true);
        double meanMs = number(out, "Time per request:\\s+([0-9.]+) \\[ms\\] \\(mean\\)\\n", true);
        return new Result(complete, failed, non2xx, seconds, meanMs * complete);
    }

    private static double number(String out, String regex, boolean required) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (m.find()) {
            return Double.parseDouble(m.group(1));
        }
        if (required) {
            throw new IOException("ab's report lacks /" + regex + "/: " + lastLine(out));
        }
        return 0;
    }

    private static String lastLine(String out) {
        String s = out.strip();
        return s.substring(s.lastIndexOf('\n') + 1);
    }
}
