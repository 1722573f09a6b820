package depset.vm.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import depset.sandbox.PrivateNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LAMP page under load through depset: ab fetches the PHP page that reads MariaDB 1000 times, 8 at
 * a time, from the visitor's network namespace, while the services run in depset's traced sandbox.
 * Every request succeeds, and no event is lost: the trace's footer counts equal the events read back
 * from the file, and its file events equal the requests TraceFs served, counted apart from the trace
 * writer; the load went through the mount (each slice of requests made TraceFs serve more requests
 * than it had HTTP requests), and the daemon's heap after GC does not grow from slice to slice.
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class LampLoadTest {
    private static final int REQUESTS = 1000;
    private static final int SLICES = 4;

    @Test
    void everyRequestSucceedsAndNoEventIsLost(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("runs.json");
        // The sandbox needs a private mount namespace: the load runs in a JVM of its own, started in one.
        Process p = PrivateNamespace.jvm(LampLoad.class.getName(), List.of("--requests", Integer.toString(REQUESTS),
                "--concurrency", "8", "--slices", Integer.toString(SLICES), "--tracers", "depset",
                "--work", dir.resolve("work").toString(), "--json", json.toString())).inheritIO().start();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("the load ended within 15 min").isTrue();
        int status = p.exitValue();
        JsonNode runs = new ObjectMapper().readTree(json.toFile());
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.get("problem").asText()).isEmpty();
        assertThat(status).as(run.toString()).isZero();

        JsonNode ab = run.get("ab");
        assertThat(ab.get("complete").asInt()).isEqualTo(REQUESTS);
        assertThat(ab.get("failed").asInt()).isZero();
        assertThat(ab.get("non2xx").asInt()).isZero();

        JsonNode c = run.get("count");
        assertThat(c.get("complete").asBoolean()).isTrue();
        assertThat(c.get("footerEvents").asLong()).isEqualTo(c.get("eventsInFile").asLong());
        assertThat(c.get("footerFileEvents").asLong()).isEqualTo(c.get("fileEventsInFile").asLong());
        assertThat(c.get("fileEventsInFile").asLong()).isEqualTo(c.get("requestsServed").asLong());
        assertThat(c.get("requestsUnrecorded").asLong()).isZero();

        List<Long> served = longs(run.get("served"));
        assertThat(served).hasSize(SLICES + 1);
        for (int i = 1; i < served.size(); i++) {
            assertThat(served.get(i) - served.get(i - 1)).as("FUSE requests during slice %d", i)
                    .isGreaterThan(REQUESTS / SLICES);
        }
        List<Long> heap = longs(run.get("heapAfterGc"));
        assertThat(heap).hasSize(SLICES + 1);
        long first = heap.get(1);
        long last = heap.get(heap.size() - 1);
        assertThat(last).as("heap after GC after the last slice vs the first").isLessThan(first * 3 / 2 + (32L << 20));
        // The work directory is in this test's temp dir: nothing may stay mounted there.
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(dir.toString()));
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }
}
