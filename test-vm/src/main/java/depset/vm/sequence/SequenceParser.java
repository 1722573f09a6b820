package depset.vm.sequence;

import depset.trace.Phase;
import depset.vm.guest.GuestRecipes;
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
 *
 * <p>A multi-host sequence declares its hosts in the header ({@code host NAME root ROOT address
 * ADDRESS/PREFIX important PROCESS…}) instead of {@code root} and {@code important}; an {@code on NAME}
 * line then opens the block of steps that run on host NAME, until the next {@code on} line. The order
 * boot, work, halt, the login shell and the daemons are each host's own; {@code get} and {@code client}
 * steps run from the visitor and may stand in any block.
 */
public final class SequenceParser {
    /** The default per-step timeout when the file sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final List<String> HEADER_KEYS =
            List.of("name", "root", "timeout", "important", "guest-interface", "visitor-address", "host");
    private static final String ON = "on";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
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
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base, dir == null ? Path.of(".") : dir);
    }

    /**
     * Parses sequence text.
     *
     * @param source      how errors name the file
     * @param defaultName the name when the text has no {@code name} line
     */
    public static Sequence parse(String text, String source, String defaultName) throws SequenceFormatException {
        return new Reading(source, null).read(text, defaultName);
    }

    /**
     * Parses sequence text whose hosts' relative directory roots are taken from {@code base}, and
     * checked to exist (a host whose root is missing is a mistake of its {@code host} line).
     */
    public static Sequence parse(String text, String source, String defaultName, Path base)
            throws SequenceFormatException {
        return new Reading(source, base).read(text, defaultName);
    }

    /** What one host's steps so far leave open: its login shell, its last phase, its running daemons. */
    private static final class HostState {
        private boolean loggedIn;
        private Phase lastPhase;
        /** Daemons started and not yet stopped: name → the line of their start step. */
        private final Map<String, Integer> running = new LinkedHashMap<>();
    }

    /** The state of one reading: what the header said so far and the steps being assembled. */
    private static final class Reading {
        private final String source;
        /** Where a host's relative directory root is, or null to check absolute roots only. */
        private final Path base;
        /** The declared hosts, by name, in order. */
        private final Map<String, Host> hosts = new LinkedHashMap<>();
        /** Each host's own state ("" for the one host of a one-host sequence). */
        private final Map<String, HostState> states = new LinkedHashMap<>();
        /** The host of the open {@code on} block, null before the first. */
        private String onHost;
        private String stepHost;
        private final Map<String, String> header = new LinkedHashMap<>();
        private final Map<String, Integer> headerLines = new LinkedHashMap<>();
        private final List<Step> steps = new ArrayList<>();
        // The step being read: its timeout and checks may still follow.
        private int stepLine;
        private StepKind stepKind;
        private String stepArgument;
        private Duration stepTimeout;
        private final List<Check> stepChecks = new ArrayList<>();
        /** An open {@code expect-lines} block: its line, closing word and lines so far. */
        private int blockLine;
        private String blockEnd;
        private final List<String> blockLines = new ArrayList<>();
        /** The line of the open {@code verify} section, 0 outside one. */
        private int verifyLine;

        Reading(String source, Path base) {
            this.source = source;
            this.base = base;
        }

        private HostState state(String host) {
            return states.computeIfAbsent(host, h -> new HostState());
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
            for (Map.Entry<String, HostState> h : states.entrySet()) {
                for (Map.Entry<String, Integer> d : h.getValue().running.entrySet()) {
                    steps.add(new Step(d.getValue(), StepKind.STOP, d.getKey(), Optional.empty(),
                            List.of(new Check.ExitStatus(0, 0)), false, h.getKey()));
                }
                h.getValue().running.clear();
            }
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
            } else if (key.equals(ON)) {
                on(n, value);
            } else if (key.equals("host")) {
                if (!steps.isEmpty() || stepKind != null || onHost != null) {
                    throw error(n, "'host' belongs to the header, before the first step");
                }
                host(n, value);
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
            keys.add(ON);
            keys.add(VERIFY);
            keys.add(END_VERIFY);
            return keys;
        }

        private void step(int n, StepKind kind, String value) throws SequenceFormatException {
            finishStep();
            boolean visitor = kind == StepKind.GET || kind == StepKind.CLIENT;
            String host = hosts.isEmpty() || visitor ? "" : onHost;
            if (host == null) {
                throw error(n, "'" + kind.key() + "' names no host: this file declares hosts ("
                        + String.join(", ", hosts.keySet()) + "), so an 'on HOST' line must come before it");
            }
            HostState st = state(host);
            Phase lastPhase = st.lastPhase;
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
                    if (st.loggedIn) {
                        throw error(n, "'login' while a login shell is already open");
                    }
                    if (!value.matches("[a-z_][a-z0-9_-]*")) {
                        throw error(n, "'login' needs a user name, not '" + value + "'");
                    }
                    st.loggedIn = true;
                }
                case TYPE -> {
                    if (!st.loggedIn) {
                        throw error(n, "'type' needs an open login shell: put a 'login USER' line before it");
                    }
                }
                case LOGOUT -> {
                    if (!st.loggedIn) {
                        throw error(n, "'logout' without a 'login' before it");
                    }
                    st.loggedIn = false;
                }
                case CLIENT, GET -> {
                    if (!header.containsKey("visitor-address")) {
                        throw error(n, "'" + kind.key() + "' runs in the visitor's network: the header needs "
                                + (hosts.isEmpty() ? "'guest-interface' and 'visitor-address'" : "'visitor-address'"));
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
                    if (st.running.containsKey(name)) {
                        throw error(n, "'start " + name + "' while the " + name + " started on line "
                                + st.running.get(name) + " still runs (stop it first)");
                    }
                    st.running.put(name, n);
                }
                case STOP -> {
                    if (st.running.remove(value) == null) {
                        throw error(n, "'stop " + value + "': no daemon of that name runs"
                                + (host.isEmpty() ? "" : " on " + host)
                                + (st.running.isEmpty() ? " ('start CMD' starts one)"
                                : " (running: " + String.join(", ", st.running.keySet()) + ")"));
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
                st.loggedIn = false; // the shell is logged out before the first halt step
            }
            if (!kind.anyPhase()) {
                st.lastPhase = kind.phase();
            }
            stepHost = host;
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
                    verifyLine != 0, stepHost));
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
            if (!hosts.isEmpty()) {
                return assembleHosts(defaultName);
            }
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
            if (!validAddress(address)) {
                throw error(headerLines.get("visitor-address"),
                        "'visitor-address' needs an IPv4 address with its prefix, e.g. 192.168.1.2/24, not '"
                                + address + "'");
            }
            return Optional.of(new Network(iface, address));
        }

        private static boolean validAddress(String address) {
            Matcher m = ADDRESS.matcher(address);
            boolean valid = m.matches() && Integer.parseInt(m.group(5)) <= 32;
            for (int g = 1; valid && g <= 4; g++) {
                valid = Integer.parseInt(m.group(g)) <= 255;
            }
            return valid;
        }

        /** {@code host NAME root ROOT address ADDRESS/PREFIX important PROCESS…}: one host declared. */
        private void host(int n, String value) throws SequenceFormatException {
            String usage = "'host' needs NAME root ROOT address ADDRESS/PREFIX important PROCESS…, e.g. "
                    + "'host web root guest:lamp address 192.168.1.3/24 important apache2'";
            String[] w = value.isEmpty() ? new String[0] : value.split("\\s+");
            if (w.length == 0) {
                throw error(n, usage);
            }
            String name = w[0];
            if (!HOST_NAME.matcher(name).matches()) {
                throw error(n, "'host' needs a host name (lower-case letters, digits, '-'), not '" + name + "'");
            }
            if (hosts.containsKey(name)) {
                throw error(n, "second host '" + name + "' (the first is on line " + hosts.get(name).line() + ")");
            }
            String root = null;
            String address = null;
            List<String> important = new ArrayList<>();
            for (int i = 1; i < w.length; i++) {
                switch (w[i]) {
                    case "root", "address" -> {
                        if (i + 1 >= w.length) {
                            throw error(n, "'" + w[i] + "' of host " + name + " needs a value; " + usage);
                        }
                        if (w[i].equals("root")) {
                            root = w[++i];
                        } else {
                            address = w[++i];
                        }
                    }
                    case "important" -> {
                        important.addAll(Arrays.asList(w).subList(i + 1, w.length));
                        i = w.length;
                    }
                    default -> throw error(n, "host " + name + ": unknown word '" + w[i] + "'; " + usage);
                }
            }
            if (root == null || address == null || important.isEmpty()) {
                throw error(n, "host " + name + " has no "
                        + (root == null ? "root" : address == null ? "address" : "important processes") + "; " + usage);
            }
            if (!validAddress(address)) {
                throw error(n, "host " + name + " needs an IPv4 address with its prefix, e.g. 192.168.1.3/24, not '"
                        + address + "'");
            }
            Host h = new Host(n, name, root, address, important);
            for (Host other : hosts.values()) {
                if (other.ip().equals(h.ip())) {
                    throw error(n, "host " + name + " has the address " + h.ip() + " of host " + other.name()
                            + " (line " + other.line() + ")");
                }
            }
            checkRoot(n, h);
            hosts.put(name, h);
        }

        /** A host's root must be there: a guest depset ships, or an existing directory. */
        private void checkRoot(int n, Host h) throws SequenceFormatException {
            if (h.guestName().isPresent()) {
                String g = h.guestName().get();
                if (GuestRecipes.byName(g).isEmpty()) {
                    throw error(n, "host " + h.name() + ": no guest called '" + g + "' (depset ships: "
                            + String.join(", ", GuestRecipes.names()) + ")");
                }
                return;
            }
            Path dir = Path.of(h.root());
            if (!dir.isAbsolute() && base == null) {
                return; // text without a file: relative roots are checked when the sequence is run
            }
            Path resolved = dir.isAbsolute() ? dir : base.resolve(dir);
            if (!Files.isDirectory(resolved)) {
                throw error(n, "host " + h.name() + ": its root " + resolved.normalize() + " is not a directory");
            }
        }

        /** {@code on NAME}: the steps up to the next {@code on} line run on host NAME. */
        private void on(int n, String value) throws SequenceFormatException {
            finishStep();
            if (hosts.isEmpty()) {
                throw error(n, "'on' needs hosts: declare them with 'host NAME root ROOT address ADDRESS important …'"
                        + " lines in the header");
            }
            if (!hosts.containsKey(value)) {
                throw error(n, "'on " + value + "': no such host (hosts: " + String.join(", ", hosts.keySet()) + ")");
            }
            onHost = value;
        }

        /** A multi-host sequence: its hosts instead of one root and one list of important processes. */
        private Sequence assembleHosts(String defaultName) throws SequenceFormatException {
            for (String key : List.of("root", "important", "guest-interface")) {
                if (header.containsKey(key)) {
                    throw error(headerLines.get(key), "'" + key + "' is for one-host sequences: this file declares "
                            + "hosts, each with its own root and important processes, and each host's LAN end is "
                            + Sequence.LAN_INTERFACE);
                }
            }
            if (steps.isEmpty()) {
                throw error(0, "no steps (on HOST, then boot, start, login, type, run, get, local, wait-port, halt …)");
            }
            Optional<Network> network = Optional.empty();
            if (header.containsKey("visitor-address")) {
                String address = header.get("visitor-address");
                int line = headerLines.get("visitor-address");
                if (!validAddress(address)) {
                    throw error(line, "'visitor-address' needs an IPv4 address with its prefix, e.g. 192.168.1.2/24, "
                            + "not '" + address + "'");
                }
                String ip = address.substring(0, address.indexOf('/'));
                for (Host h : hosts.values()) {
                    if (h.ip().equals(ip)) {
                        throw error(line, "the visitor has the address " + ip + " of host " + h.name() + " (line "
                                + h.line() + ")");
                    }
                }
                network = Optional.of(new Network(Sequence.LAN_INTERFACE, address));
            }
            Duration timeout = header.containsKey("timeout")
                    ? duration(headerLines.get("timeout"), header.get("timeout")) : DEFAULT_TIMEOUT;
            Host first = hosts.values().iterator().next();
            return new Sequence(header.getOrDefault("name", defaultName), first.root(), timeout, first.important(),
                    network, steps, List.copyOf(hosts.values()));
        }

        /** {@code "text"} keeps leading or trailing blanks; otherwise the value is taken as written. */
        private static String unquote(String value) {
            return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1) : value;
        }
    }
}
