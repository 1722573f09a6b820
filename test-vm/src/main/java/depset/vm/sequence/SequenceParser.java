package depset.vm.sequence;

import depset.trace.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the line-oriented sequence format (docs/sequences.md): one {@code key value} per line,
 * {@code #} starts a comment line. Header keys come first, then the steps in order (boot, then work,
 * then halt; the steps depset does from outside the guest may stand anywhere); {@code timeout} and
 * {@code expect-*} lines after a step belong to that step, {@code expect-lines <<WORD} with the lines up
 * to {@code WORD}. Daemons a {@code start} step started and no {@code stop} step stopped get a
 * {@code stop} step at the end. Every mistake is reported with its line.
 */
public final class SequenceParser {
    /** The default per-step timeout when the file sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final List<String> HEADER_KEYS =
            List.of("name", "root", "timeout", "important", "guest-interface", "visitor-address");
    private static final List<String> CHECK_KEYS = List.of("expect-status", "expect-output", "expect-no-output",
            "expect-line", "expect-match", "expect-lines");
    private static final Pattern BLOCK_START = Pattern.compile("<<\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final String VERIFY = "verify";
    private static final String END_VERIFY = "end-verify";
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]+");
    /** The first word of a {@code start} command, which names the daemon: a plain word, a path. */
    private static final Pattern DAEMON_WORD = Pattern.compile("[A-Za-z0-9_./+@:-]+");
    /** Steps whose checks would look at nothing: they print nothing. */
    private static final Set<StepKind> SILENT = EnumSet.of(StepKind.START, StepKind.WAIT_PORT, StepKind.WAIT_FILE,
            StepKind.LOGIN, StepKind.LOGOUT);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private SequenceParser() {
    }

    /** Parses a sequence file; its base name (without {@code .seq}) is the default sequence name. */
    public static Sequence parse(Path file) throws IOException, SequenceFormatException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String base = file.getFileName().toString().replaceFirst("\\.seq$", "");
        return parse(text, file.toString(), base);
    }

    /**
     * Parses sequence text.
     *
     * @param source      how errors name the file
     * @param defaultName the name when the text has no {@code name} line
     */
    public static Sequence parse(String text, String source, String defaultName) throws SequenceFormatException {
        return new Reading(source).read(text, defaultName);
    }

    /** The state of one reading: what the header said so far and the steps being assembled. */
    private static final class Reading {
        private final String source;
        private final Map<String, String> header = new LinkedHashMap<>();
        private final Map<String, Integer> headerLines = new LinkedHashMap<>();
        private final List<Step> steps = new ArrayList<>();
        // The step being read: its timeout and checks may still follow.
        private int stepLine;
        private StepKind stepKind;
        private String stepArgument;
        private Duration stepTimeout;
        private final List<Check> stepChecks = new ArrayList<>();
        private boolean loggedIn;
        private Phase lastPhase;
        /** Daemons started and not yet stopped: name → the line of their start step. */
        private final Map<String, Integer> running = new LinkedHashMap<>();
        /** An open {@code expect-lines} block: its line, closing word and lines so far. */
        private int blockLine;
        private String blockEnd;
        private final List<String> blockLines = new ArrayList<>();
        /** The line of the open {@code verify} section, 0 outside one. */
        private int verifyLine;

        Reading(String source) {
            this.source = source;
        }

        Sequence read(String text, String defaultName) throws SequenceFormatException {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (blockEnd != null) {
                    blockLine(lines[i]);
                } else {
                    line(i + 1, lines[i].strip());
                }
            }
            if (blockEnd != null) {
                throw error(blockLine, "'expect-lines <<" + blockEnd + "' has no closing '" + blockEnd + "' line");
            }
            finishStep();
            if (verifyLine != 0) {
                throw error(verifyLine, "'verify' has no closing 'end-verify' line");
            }
            stopRunningDaemons();
            return assemble(defaultName);
        }

        /** A line of an open {@code expect-lines} block: kept as written, but for blanks at its end. */
        private void blockLine(String raw) {
            if (raw.strip().equals(blockEnd)) {
                stepChecks.add(new Check.Lines(blockLine, blockLines));
                blockEnd = null;
                blockLines.clear();
            } else {
                blockLines.add(raw.stripTrailing());
            }
        }

        /** Daemons still running at the end are stopped there, as the halt of a machine would. */
        private void stopRunningDaemons() {
            for (Map.Entry<String, Integer> d : running.entrySet()) {
                steps.add(new Step(d.getValue(), StepKind.STOP, d.getKey(), Optional.empty(),
                        List.of(new Check.ExitStatus(0, 0))));
            }
            running.clear();
        }

        private SequenceFormatException error(int line, String message) {
            return new SequenceFormatException(source, line, message);
        }

        private void line(int n, String line) throws SequenceFormatException {
            if (line.isEmpty() || line.startsWith("#")) {
                return;
            }
            String[] kv = line.split("\\s+", 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1].strip() : "";
            StepKind kind = StepKind.byKey(key);
            if (key.equals(VERIFY) || key.equals(END_VERIFY)) {
                verifySection(n, key, value);
            } else if (kind != null) {
                if (verifyLine != 0 && !kind.anyPhase() && kind.phase() != Phase.WORK) {
                    throw error(n, "a " + kind.phase().label() + " step inside 'verify' (line " + verifyLine
                            + "): only work steps can be replayed untraced");
                }
                step(n, kind, value);
            } else if (key.equals("timeout") && stepKind != null) {
                if (stepTimeout != null) {
                    throw error(n, "second 'timeout' for the step on line " + stepLine);
                }
                stepTimeout = duration(n, value);
            } else if (CHECK_KEYS.contains(key)) {
                check(n, key, value);
            } else if (HEADER_KEYS.contains(key)) {
                if (!steps.isEmpty() || stepKind != null) {
                    throw error(n, "'" + key + "' belongs to the header, before the first step");
                }
                if (header.containsKey(key)) {
                    throw error(n, "second '" + key + "' (the first is on line " + headerLines.get(key) + ")");
                }
                if (value.isEmpty()) {
                    throw error(n, "'" + key + "' needs a value");
                }
                if (key.equals("timeout")) {
                    duration(n, value); // checked here, so the error names this line
                }
                header.put(key, value);
                headerLines.put(key, n);
            } else {
                throw error(n, "unknown key '" + key + "' (known: " + String.join(", ", knownKeys()) + ")");
            }
        }

        /**
         * {@code verify} … {@code end-verify}: the steps between are replayed in every built tree but never
         * traced (an unseen workload).
         */
        private void verifySection(int n, String key, String value) throws SequenceFormatException {
            if (!value.isEmpty()) {
                throw error(n, "'" + key + "' takes no value");
            }
            finishStep();
            if (key.equals(VERIFY)) {
                if (verifyLine != 0) {
                    throw error(n, "'verify' inside the 'verify' of line " + verifyLine);
                }
                verifyLine = n;
            } else {
                if (verifyLine == 0) {
                    throw error(n, "'end-verify' without a 'verify'");
                }
                verifyLine = 0;
            }
        }

        private static List<String> knownKeys() {
            List<String> keys = new ArrayList<>(HEADER_KEYS);
            for (StepKind k : StepKind.values()) {
                keys.add(k.key());
            }
            keys.addAll(CHECK_KEYS);
            keys.add(VERIFY);
            keys.add(END_VERIFY);
            return keys;
        }

        private void step(int n, StepKind kind, String value) throws SequenceFormatException {
            finishStep();
            if (kind == StepKind.LOGOUT) {
                if (!value.isEmpty()) {
                    throw error(n, "'logout' takes no value");
                }
            } else if (value.isEmpty()) {
                throw error(n, "'" + kind.key() + "' needs " + switch (kind) {
                    case LOGIN -> "a user name";
                    case GET -> "a URL";
                    case STOP -> "the name of a daemon 'start' started";
                    case WAIT_PORT -> "a port (and optionally a host): wait-port 80 [127.0.0.1]";
                    case WAIT_FILE, EXPECT_FILE -> "an absolute path in the guest";
                    default -> "a command";
                });
            }
            if (!kind.anyPhase() && lastPhase != null && kind.phase().ordinal() < lastPhase.ordinal()) {
                throw error(n, "a " + kind.phase().label() + " step after a " + lastPhase.label()
                        + " step (the order is boot, work, halt)");
            }
            switch (kind) {
                case LOGIN -> {
                    if (loggedIn) {
                        throw error(n, "'login' while a login shell is already open");
                    }
                    if (!value.matches("[a-z_][a-z0-9_-]*")) {
                        throw error(n, "'login' needs a user name, not '" + value + "'");
                    }
                    loggedIn = true;
                }
                case TYPE -> {
                    if (!loggedIn) {
                        throw error(n, "'type' needs an open login shell: put a 'login USER' line before it");
                    }
                }
                case LOGOUT -> {
                    if (!loggedIn) {
                        throw error(n, "'logout' without a 'login' before it");
                    }
                    loggedIn = false;
                }
                case CLIENT, GET -> {
                    if (!header.containsKey("visitor-address")) {
                        throw error(n, "'" + kind.key() + "' runs in the visitor's network: the header needs "
                                + "'guest-interface' and 'visitor-address'");
                    }
                    if (kind == StepKind.GET && !value.matches("https?://\\S+")) {
                        throw error(n, "'get' needs an http:// URL, not '" + value + "'");
                    }
                }
                case START -> {
                    String first = value.split("\\s+", 2)[0];
                    if (!DAEMON_WORD.matcher(first).matches()) {
                        throw error(n, "'start' needs a command whose first word is a program (it names the "
                                + "daemon for 'stop'), not '" + first + "'");
                    }
                    String name = first.substring(first.lastIndexOf('/') + 1);
                    if (running.containsKey(name)) {
                        throw error(n, "'start " + name + "' while the " + name + " started on line "
                                + running.get(name) + " still runs (stop it first)");
                    }
                    running.put(name, n);
                }
                case STOP -> {
                    if (running.remove(value) == null) {
                        throw error(n, "'stop " + value + "': no daemon of that name runs"
                                + (running.isEmpty() ? " ('start CMD' starts one)"
                                : " (running: " + String.join(", ", running.keySet()) + ")"));
                    }
                }
                case WAIT_PORT -> waitPort(n, value);
                case WAIT_FILE, EXPECT_FILE -> {
                    if (!value.startsWith("/") || value.contains("\0")) {
                        throw error(n, "'" + kind.key() + "' needs an absolute path in the guest, not '" + value + "'");
                    }
                }
                default -> {
                }
            }
            if (kind == StepKind.HALT) {
                loggedIn = false; // the shell is logged out before the first halt step
            }
            if (!kind.anyPhase()) {
                lastPhase = kind.phase();
            }
            stepLine = n;
            stepKind = kind;
            stepArgument = value;
        }

        private void waitPort(int n, String value) throws SequenceFormatException {
            String[] f = value.split("\\s+");
            if (f.length > 2 || !PORT.matcher(f[0]).matches() || Integer.parseInt(f[0]) < 1
                    || Integer.parseInt(f[0]) > 65535) {
                throw error(n, "'wait-port' needs a port 1-65535 and optionally a host, not '" + value + "'");
            }
            if (f.length == 2 && !HOST.matcher(f[1]).matches()) {
                throw error(n, "'wait-port' needs a host name or address after the port, not '" + f[1] + "'");
            }
        }

        private void check(int n, String key, String value) throws SequenceFormatException {
            if (stepKind == null) {
                throw error(n, "'" + key + "' must follow the step it checks");
            }
            if (!key.equals("expect-status") && SILENT.contains(stepKind)) {
                throw error(n, "'" + key + "' after a '" + stepKind.key() + "' step, which prints nothing"
                        + (stepKind == StepKind.START ? " (check a daemon's output at its 'stop')" : ""));
            }
            if (value.isEmpty() && !key.equals("expect-no-output")) {
                throw error(n, "'" + key + "' needs a value");
            }
            switch (key) {
                case "expect-status" -> {
                    if (!value.matches("\\d{1,3}") || Integer.parseInt(value) > 255) {
                        throw error(n, "'expect-status' needs an exit status 0-255, not '" + value + "'");
                    }
                    for (Check c : stepChecks) {
                        if (c instanceof Check.ExitStatus) {
                            throw error(n, "second 'expect-status' for the step on line " + stepLine);
                        }
                    }
                    stepChecks.add(new Check.ExitStatus(n, Integer.parseInt(value)));
                }
                case "expect-output" -> stepChecks.add(new Check.OutputContains(n, unquote(value)));
                case "expect-no-output" -> stepChecks.add(value.isEmpty() ? new Check.NoOutput(n)
                        : new Check.OutputLacks(n, unquote(value)));
                case "expect-line" -> stepChecks.add(new Check.Line(n, unquote(value)));
                case "expect-match" -> stepChecks.add(new Check.Matches(n, regex(n, value)));
                default -> {
                    Matcher m = BLOCK_START.matcher(value);
                    if (!m.matches()) {
                        throw error(n, "'expect-lines' needs '<<WORD', then the lines, then a line 'WORD', not '"
                                + value + "'");
                    }
                    blockLine = n;
                    blockEnd = m.group(1);
                }
            }
        }

        /** The expression between the slashes of {@code /REGEX/}, checked to compile. */
        private String regex(int n, String value) throws SequenceFormatException {
            if (value.length() < 3 || !value.startsWith("/") || !value.endsWith("/")) {
                throw error(n, "'expect-match' needs a regular expression between slashes, e.g. /^ok [0-9]+$/, not '"
                        + value + "'");
            }
            String regex = value.substring(1, value.length() - 1);
            try {
                Pattern.compile(regex, Pattern.MULTILINE);
            } catch (PatternSyntaxException e) {
                throw error(n, "'expect-match' has a broken regular expression: " + e.getDescription()
                        + " near index " + e.getIndex() + " of /" + regex + "/");
            }
            return regex;
        }

        private void finishStep() {
            if (stepKind == null) {
                return;
            }
            List<Check> checks = new ArrayList<>(stepChecks);
            if (checks.stream().noneMatch(c -> c instanceof Check.ExitStatus)) {
                checks.add(0, new Check.ExitStatus(0, 0));
            }
            steps.add(new Step(stepLine, stepKind, stepArgument, Optional.ofNullable(stepTimeout), checks,
                    verifyLine != 0));
            stepKind = null;
            stepTimeout = null;
            stepChecks.clear();
        }

        private Duration duration(int n, String value) throws SequenceFormatException {
            Matcher m = DURATION.matcher(value);
            if (!m.matches()) {
                throw error(n, "'timeout' needs a duration such as 30s, 2m or 500ms, not '" + value + "'");
            }
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = unit.equals("ms") ? Duration.ofMillis(amount)
                    : unit.equals("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
            if (d.isZero()) {
                throw error(n, "'timeout' must be longer than 0");
            }
            return d;
        }

        private Sequence assemble(String defaultName) throws SequenceFormatException {
            if (!header.containsKey("root")) {
                throw error(0, "no 'root' line (the root tree: guest:NAME or a directory)");
            }
            if (!header.containsKey("important")) {
                throw error(0, "no 'important' line (the processes the service is about, e.g. 'important ls')");
            }
            if (steps.isEmpty()) {
                throw error(0, "no steps (boot, start, login, type, run, client, get, local, wait-port, halt, stop …)");
            }
            String root = header.get("root");
            if (root.startsWith(Sequence.GUEST_PREFIX) && root.length() == Sequence.GUEST_PREFIX.length()) {
                throw error(headerLines.get("root"), "'root guest:' needs a guest name");
            }
            Duration timeout = header.containsKey("timeout")
                    ? duration(headerLines.get("timeout"), header.get("timeout")) : DEFAULT_TIMEOUT;
            Optional<Network> network = network();
            List<String> important = Arrays.asList(header.get("important").split("[\\s,]+"));
            return new Sequence(header.getOrDefault("name", defaultName), root, timeout, important, network, steps);
        }

        private Optional<Network> network() throws SequenceFormatException {
            String iface = header.get("guest-interface");
            String address = header.get("visitor-address");
            if (iface == null && address == null) {
                return Optional.empty();
            }
            if (iface == null) {
                throw error(headerLines.get("visitor-address"), "'visitor-address' needs a 'guest-interface' line too");
            }
            if (address == null) {
                throw error(headerLines.get("guest-interface"), "'guest-interface' needs a 'visitor-address' line too");
            }
            if (!INTERFACE.matcher(iface).matches()) {
                throw error(headerLines.get("guest-interface"), "not an interface name: '" + iface + "'");
            }
            Matcher m = ADDRESS.matcher(address);
            boolean valid = m.matches() && Integer.parseInt(m.group(5)) <= 32;
            for (int g = 1; valid && g <= 4; g++) {
                valid = Integer.parseInt(m.group(g)) <= 255;
            }
            if (!valid) {
                throw error(headerLines.get("visitor-address"),
                        "'visitor-address' needs an IPv4 address with its prefix, e.g. 192.168.1.2/24, not '"
                                + address + "'");
            }
            return Optional.of(new Network(iface, address));
        }

        /** {@code "text"} keeps leading or trailing blanks; otherwise the value is taken as written. */
        private static String unquote(String value) {
            return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1) : value;
        }
    }
}
