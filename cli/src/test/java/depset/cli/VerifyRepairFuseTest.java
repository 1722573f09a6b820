package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance runs on the host: trace a command with {@code depset run --root /}, analyze it,
 * then {@code depset build --repair} gives a tree in which the command works under a plain
 * {@code chroot}, and {@code depset verify} says PASS. The set is first made to miss a library,
 * so that the repair has work to do and its reasons can be checked.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class VerifyRepairFuseTest {
    @TempDir
    Path dir;

    /** The pids of the depset processes this test started, and of their descendants. */
    private final java.util.Set<Long> ourPids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The sandbox scratch directories (/tmp/depset-sandbox-*) that this test's depset processes owned. */
    private final java.util.Set<String> ourScratches = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * verify and repair mount only in depset's private namespace: none of their mounts may show
     * here. Only this test's own are looked at — those below its temp dir and in the sandbox scratch
     * directories its depset processes owned — so other depset runs and FUSE tests mounting on this
     * machine at the same time do not count.
     */
    @AfterEach
    void nothingStaysMounted() throws Exception {
        assertThat(ourScratches).as("the sandboxes of this test's depset runs were seen").isNotEmpty();
        List<String> ours = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> {
            String mountPoint = l.split(" ")[4];
            return below(mountPoint, dir.toString()) || ourScratches.stream().anyMatch(s -> below(mountPoint, s));
        }).toList();
        assertThat(ours).isEmpty();
    }

    private static boolean below(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    /**
     * Notes {@code p} and its descendants, and the sandbox scratch directories they own (the owner
     * file in the scratch's tmpfs names the depset that mounted it; read through the process's own
     * root, as the tmpfs is mounted in its private namespace only). Only the depset JVMs are looked
     * into, never a traced process.
     */
    private void noteOurs(Process p) {
        List<ProcessHandle> all = new java.util.ArrayList<>(p.toHandle().descendants().toList());
        all.add(p.toHandle());
        all.forEach(h -> ourPids.add(h.pid()));
        for (ProcessHandle h : all) {
            Path root = Path.of("/proc", Long.toString(h.pid()), "root");
            try {
                if (!Files.readSymbolicLink(root).toString().equals("/")) {
                    // A traced process, chrooted into the mount: listing its /tmp would go through TraceFs
                    // and be recorded in the trace under test.
                    continue;
                }
            } catch (java.io.IOException e) {
                continue;
            }
            Path tmp = root.resolve("tmp");
            try (var names = Files.newDirectoryStream(tmp, "depset-sandbox-*")) {
                for (Path s : names) {
                    try {
                        long owner = Long.parseLong(Files.readString(s.resolve("owner")).trim());
                        if (ourPids.contains(owner)) {
                            ourScratches.add("/tmp/" + s.getFileName());
                        }
                    } catch (java.io.IOException | NumberFormatException e) {
                        // not (yet) a sandbox with an owner
                    }
                }
            } catch (java.io.IOException e) {
                // the process is gone
            }
        }
    }

    @Test
    void lsOfTheHostRootIsRepairedVerifiedAndRunsInAPlainChroot() throws Exception {
        Path set = traceAndAnalyze("/bin/ls", "/");
        Path broken = withoutLibrary(set, "libselinux.so");

        DepsetProcess.Result fail = depset("verify", broken.toString(), "--json", "fail.json");
        assertThat(fail.status()).as(fail.stderr()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(fail.stdout()).startsWith("FAIL").contains("exit status 127, expected 0")
                .containsPattern("missing /usr/lib/x86_64-linux-gnu/libselinux\\.so\\.1 +\\(\\w+ by process \\d+");
        JsonNode failJson = new ObjectMapper().readTree(dir.resolve("fail.json").toFile());
        assertThat(failJson.get("result").asText()).isEqualTo("FAIL");

        DepsetProcess.Result repaired = depset("build", broken.toString(), "--repair", "--to", "tree",
                "--repaired", "auto.json");
        assertThat(repaired.status()).as(repaired.stderr()).isZero();
        assertThat(repaired.stdout()).contains("PASS").contains("1 repair round(s) (FOOTPRINT), stopped: PASS");
        Manifest auto = ManifestJson.read(dir.resolve("auto.json"));
        assertThat(auto.strategy()).isEqualTo("auto");
        ManifestEntry lib = auto.entry("/usr/lib/x86_64-linux-gnu/libselinux.so.1");
        assertThat(lib).isNotNull();
        assertThat(lib.reasons().get(0).rule()).matches("repair round 1: process \\d+ \\(/usr/bin/ls, \\S*ls /\\) diverged at "
                + "/usr/lib/x86_64-linux-gnu/libselinux\\.so\\.1; its footprint in the original run");

        ProcessResult chroot = exec("chroot", dir.resolve("tree").toString(), "/bin/ls", "/");
        assertThat(chroot.status()).as(chroot.output()).isZero();
        assertThat(chroot.output().lines()).contains("usr", "bin");

        DepsetProcess.Result pass = depset("verify", "auto.json");
        assertThat(pass.status()).as(pass.stderr()).isZero();
        assertThat(pass.stdout()).startsWith("PASS");
    }

    @Test
    void pythonImportingStandardModulesIsRepairedVerifiedAndRunsInAPlainChroot() throws Exception {
        Path script = dir.resolve("script.py");
        Files.writeString(script, String.join("\n",
                "import json, re, collections, pathlib, argparse, datetime",
                "c = collections.Counter(re.findall(r'\\w+', 'a b a c b a'))",
                "print(json.dumps(c.most_common(2)), pathlib.PurePosixPath('/x/y').name,",
                "      datetime.date(2020, 1, 2).isoformat(), argparse.ArgumentParser().prog)",
                ""));
        Path set = traceAndAnalyze("/usr/bin/python3", script.toString());
        Path broken = withoutLibrary(set, "/usr/lib/python3.11/json/");

        DepsetProcess.Result repaired = depset("build", broken.toString(), "--repair", "--to", "tree",
                "--repaired", "auto.json");
        assertThat(repaired.status()).as(repaired.stderr()).isZero();
        assertThat(repaired.stdout()).contains("PASS");
        Manifest auto = ManifestJson.read(dir.resolve("auto.json"));
        assertThat(auto.entries()).anySatisfy(e -> {
            assertThat(e.path()).startsWith("/usr/lib/python3.11/json/");
            assertThat(e.reasons().get(0).rule()).startsWith("repair round");
        });

        ProcessResult chroot = exec("chroot", dir.resolve("tree").toString(), "/usr/bin/python3", script.toString());
        assertThat(chroot.status()).as(chroot.output()).isZero();
        assertThat(chroot.output()).contains("[[\"a\", 3], [\"b\", 2]] y 2020-01-02");

        DepsetProcess.Result pass = depset("verify", "auto.json", "--compare-output");
        assertThat(pass.status()).as(pass.stdout() + pass.stderr()).isZero();
        assertThat(pass.stdout()).startsWith("PASS").contains("same output");
    }

    /**
     * Debian's redis-server is a link to redis-check-rdb: a process exec'd by a link is important
     * by the link's name. {@code exec -a} gives it another argv[0], so only the path it was exec'd by
     * (the link it walked, as comm would say) carries the name. The program lives a moment (a sleep):
     * the process monitor reads argv from /proc once the exec is reported, and a program that has
     * already ended by then leaves none (docs/trace-format.md).
     */
    @Test
    void aProcessExecdThroughASymlinkIsImportantByTheLinksName() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("redis-server"), Path.of("/usr/bin/sleep"));
        DepsetProcess.Result run = depset("run", "--root", "/", "--trace", "t.jsonl", "--", "/bin/bash", "-c",
                "exec -a daemon " + link + " 0.3");
        assertThat(run.status()).as(run.stderr()).isZero();

        DepsetProcess.Result byName = depset("analyze", "t.jsonl", "--important", "redis-server", "-o", "name.json");
        assertThat(byName.status()).as(byName.stderr()).isZero();
        Manifest m = ManifestJson.read(dir.resolve("name.json"));
        assertThat(m.important()).containsExactly("redis-server");
        assertThat(m.entry(link.toString())).as("the link it was exec'd by").isNotNull();
        assertThat(m.entry("/usr/bin/sleep")).as("the resolved executable").isNotNull();

        DepsetProcess.Result byPath = depset("analyze", "t.jsonl", "--important", "exe:" + link, "-o", "exe.json");
        assertThat(byPath.status()).as(byPath.stderr()).isZero();
        assertThat(ManifestJson.read(dir.resolve("exe.json")).entries()).extracting(ManifestEntry::path)
                .containsAll(m.entries().stream().map(ManifestEntry::path).toList());

        DepsetProcess.Result none = depset("analyze", "t.jsonl", "--important", "redis", "-o", "none.json");
        assertThat(none.status()).as("a name that matches nothing is a usage error").isEqualTo(ExitCode.USAGE);
        assertThat(none.stderr()).contains("no process matches \"redis\"").contains("redis-server").contains("daemon");
    }

    private Path traceAndAnalyze(String... command) throws Exception {
        String[] run = new String[command.length + 6];
        System.arraycopy(new String[] {"run", "--root", "/", "--trace", "t.jsonl", "--"}, 0, run, 0, 6);
        System.arraycopy(command, 0, run, 6, command.length);
        DepsetProcess.Result r = depset(run);
        assertThat(r.status()).as(r.stderr()).isZero();
        DepsetProcess.Result a = depset("analyze", "t.jsonl", "-o", "set.json");
        assertThat(a.status()).as(a.stderr()).isZero();
        return dir.resolve("set.json");
    }

    /** The set without the entries whose path contains {@code part}. */
    private Path withoutLibrary(Path set, String part) throws Exception {
        Manifest m = ManifestJson.read(set);
        List<ManifestEntry> kept = m.entries().stream().filter(e -> !e.path().contains(part)).toList();
        assertThat(kept).hasSizeLessThan(m.entries().size());
        Path out = dir.resolve("broken.json");
        ManifestJson.write(m.withEntries(m.strategy(), kept), out);
        return out;
    }

    private DepsetProcess.Result depset(String... args) throws Exception {
        DepsetProcess d = DepsetProcess.start(dir, args);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!d.process.waitFor(50, TimeUnit.MILLISECONDS)) {
            noteOurs(d.process);
            if (System.nanoTime() > deadline) {
                d.process.destroyForcibly();
                throw new AssertionError("depset " + String.join(" ", args) + " did not end within 5 minutes");
            }
        }
        return new DepsetProcess.Result(d.process.exitValue(), Files.readString(d.out, StandardCharsets.UTF_8),
                Files.readString(d.err, StandardCharsets.UTF_8));
    }

    private record ProcessResult(int status, String output) {
    }

    private static ProcessResult exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(p.waitFor(), out);
    }
}
