package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java runtime bin/depset picks and the options it gives it (bin/jvm-options.sh), on JDK homes
 * made up for the test: JAVA_HOME's when set, else the newest JDK among java on PATH and the JDKs
 * directory; JDK 24's warnings about jnr's native access allowed away only where they exist.
 */
@Tag("unit")
class JvmOptionsTest {
    private static final Path OPTIONS = DepsetProcess.LAUNCHER.resolveSibling("jvm-options.sh");

    @TempDir
    Path dir;

    @Test
    void withoutJavaHomeTheNewestJdkOfPathAndTheJdksDirectoryRuns() throws Exception {
        Path jdks = dir.resolve("jvm");
        jdk(jdks.resolve("java-17"), "17.0.15");
        Path jdk25 = jdk(jdks.resolve("temurin-25"), "25.0.3");
        jdk(jdks.resolve("java-8"), "1.8.0_402");
        Files.createDirectories(jdks.resolve("half-removed"));
        Files.writeString(jdks.resolve("half-removed/release"), "JAVA_VERSION=\"99\"\n");
        Files.createSymbolicLink(jdks.resolve("default-java"), jdk25);
        Path path17 = jdk(dir.resolve("path-17"), "17.0.2");

        assertThat(picked(Map.of("DEPSET_JDKS", jdks.toString(), "PATH", path(path17))))
                .as("a JDK without bin/java is no JDK; a link (default-java) is named by its target")
                .isEqualTo(jdk25.resolve("bin/java") + " 25");

        Path path26 = jdk(dir.resolve("path-26"), "26-ea");
        assertThat(picked(Map.of("DEPSET_JDKS", jdks.toString(), "PATH", path(path26))))
                .as("java on PATH, when it is the newest").isEqualTo("java 26");

        assertThat(picked(Map.of("DEPSET_JDKS", dir.resolve("none").toString(), "PATH", "/usr/bin:/bin")))
                .as("no JDK known: java on PATH, whatever it is").startsWith("java ");

        Path shim = dir.resolve("shims");
        Files.createDirectories(shim);
        Files.copy(path17.resolve("bin/java"), shim.resolve("java"));
        Path old = dir.resolve("old");
        jdk(old.resolve("java-11"), "11.0.22");
        assertThat(picked(Map.of("DEPSET_JDKS", old.toString(), "PATH", shim + ":/usr/bin:/bin")))
                .as("a java of unknown version (a shim) gives way to no JDK older than 17").isEqualTo("java 0");
        assertThat(picked(Map.of("DEPSET_JDKS", jdks.toString(), "PATH", shim + ":/usr/bin:/bin")))
                .as("but to one that can run depset").isEqualTo(jdk25.resolve("bin/java") + " 25");
    }

    @Test
    void javaHomeIsTheUsersChoiceEvenWhenANewerJdkIsThere() throws Exception {
        Path jdks = dir.resolve("jvm");
        Path jdk17 = jdk(jdks.resolve("java-17"), "17.0.15");
        jdk(jdks.resolve("temurin-25"), "25.0.3");
        assertThat(picked(Map.of("DEPSET_JDKS", jdks.toString(), "JAVA_HOME", jdk17.toString())))
                .isEqualTo(jdk17.resolve("bin/java") + " 17");
    }

    @Test
    void nativeAccessIsAllowedOnlyToJdksThatWarnAboutItAndTheUsersOptionsComeLast() throws Exception {
        Path jdk17 = jdk(dir.resolve("java-17"), "17.0.15");
        Path jdk25 = jdk(dir.resolve("temurin-25"), "25.0.3");
        String on17 = shell(Map.of("JAVA_HOME", jdk17.toString(), "DEPSET_JAVA_OPTS", "-Xmx512m"),
                "depset_java_opts run; echo \"$DEPSET_JAVA_OPTS\"");
        String on25 = shell(Map.of("JAVA_HOME", jdk25.toString(), "DEPSET_JAVA_OPTS", "-Xmx512m"),
                "depset_java_opts run; echo \"$DEPSET_JAVA_OPTS\"");
        assertThat(on17).doesNotContain("--enable-native-access").doesNotContain("--sun-misc-unsafe-memory-access")
                .doesNotContain("-Xmx2g").endsWith("-Xmx512m");
        assertThat(on25).contains("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
                .doesNotContain("-Xmx2g").endsWith("-Xmx512m");
    }

    @Test
    void runAndMountRaiseTheirCompilerThreadAsRootUnlessTheUserSetsAPriorityPolicy() throws Exception {
        Path jdk17 = jdk(dir.resolve("java-17"), "17.0.15");
        String run = shell(Map.of("JAVA_HOME", jdk17.toString()), "depset_java_opts run; echo \"$DEPSET_JAVA_OPTS\"");
        String analyze = shell(Map.of("JAVA_HOME", jdk17.toString()), "depset_java_opts analyze; echo \"$DEPSET_JAVA_OPTS\"");
        String own = shell(Map.of("JAVA_HOME", jdk17.toString(), "DEPSET_JAVA_OPTS", "-XX:CompilerThreadPriority=-5"),
                "depset_java_opts mount; echo \"$DEPSET_JAVA_OPTS\"");
        if (shell(Map.of(), "id -u").equals("0")) {
            assertThat(run.split(" ")).contains("-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=-10")
                    .contains(IntStream.rangeClosed(1, 10)
                            .mapToObj(p -> "-XX:JavaPriority" + p + "_To_OSPriority=0").toArray(String[]::new));
        } else {
            assertThat(run).as("only root may raise a thread's priority").doesNotContain("Priority");
        }
        assertThat(analyze).doesNotContain("Priority");
        assertThat(own).doesNotContain("-XX:CompilerThreadPriority=-10").endsWith("-XX:CompilerThreadPriority=-5");
        String off = shell(Map.of("JAVA_HOME", jdk17.toString(), "DEPSET_JAVA_OPTS", "-XX:ThreadPriorityPolicy=0"),
                "depset_java_opts run; echo \"$DEPSET_JAVA_OPTS\"");
        assertThat(off).as("the user's policy, without depset's priorities").doesNotContain("CompilerThreadPriority")
                .doesNotContain("To_OSPriority").doesNotContain("ThreadPriorityPolicy=1");
    }

    @Test
    void theBuildsStartUpCachesMapOnTheJdksTheyAreFor() throws Exception {
        Path target = DepsetProcess.LAUNCHER.getParent().resolveSibling("cli/target");
        Path jar = target.resolve("depset.jar");
        assumeTrue(Files.isRegularFile(jar), "the jar is not built (mvn package)");
        // -Xshare:on and -XX:AOTMode=on make a cache the JVM cannot map an error instead of a
        // silent start without it, which is what bin/depset's JVM does.
        Path jsa = target.resolve("depset.jsa");
        assertThat(jsa).as("the build JDK's archive").isRegularFile();
        assertThat(versionWith(Path.of(System.getProperty("java.home"), "bin/java").toString(),
                "-XX:SharedArchiveFile=" + jsa, "-Xshare:on", jar)).startsWith("depset ");

        String picked = shell(Map.of(), "depset_java; depset_java_opts version; echo \"$DEPSET_JAVA $DEPSET_JAVA_FEATURE\"");
        String[] javaAndFeature = picked.split(" ");
        assumeTrue(Integer.parseInt(javaAndFeature[1]) >= 25, "no JDK 25 or later here: " + picked);
        Path aot = target.resolve("depset.aot");
        assertThat(aot).as("the ahead-of-time cache for " + picked).isRegularFile();
        assertThat(versionWith(javaAndFeature[0], "-XX:AOTCache=" + aot, "-XX:AOTMode=on", jar)).startsWith("depset ");
    }

    /** What {@code depset --version} prints, run by JAVA with the cache options, from the jar. */
    private String versionWith(String java, String cache, String strict, Path jar) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("JAVA", java, "CACHE", cache, "STRICT", strict,
                "JAR", jar.toString()));
        if (Path.of(java).isAbsolute()) {
            env.put("JAVA_HOME", Path.of(java).getParent().getParent().toString()); // the options for that JDK
        }
        return shell(env, "depset_java_opts version; \"$JAVA\" $DEPSET_JAVA_OPTS \"$CACHE\" \"$STRICT\" -jar \"$JAR\" --version");
    }

    /** A JDK home with a release file of that version and a bin/java that is never run. */
    private static Path jdk(Path home, String version) throws Exception {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** A PATH on which the JDK's java comes first, then the shell's tools. */
    private static String path(Path home) {
        return home.resolve("bin") + ":/usr/bin:/bin";
    }

    private String picked(Map<String, String> env) throws Exception {
        return shell(env, "depset_java; echo \"$DEPSET_JAVA $DEPSET_JAVA_FEATURE\"");
    }

    /** Runs SCRIPT in sh after sourcing bin/jvm-options.sh, in exactly ENV (PATH: the shell's tools unless given). */
    private String shell(Map<String, String> env, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", ". \"$1\"; " + script, "sh", OPTIONS.toString()))
                .directory(dir.toFile()).redirectInput(new File("/dev/null")).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
