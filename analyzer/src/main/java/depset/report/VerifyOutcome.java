package depset.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the report needs of a verify result: whether the sequence passed in the built tree, and the paths
 * that were missing there. Read leniently, because the result's full form belongs to {@code depset verify}:
 * {@code passed} (boolean) or {@code status}/{@code result} ("PASS"/"FAIL"), and every array named
 * {@code missing} or {@code missingPaths} anywhere in the document, of strings or of objects with a
 * {@code path}; for {@code depset verify --json}'s form, its final {@code verify} result only.
 *
 * <p>With the {@code auto} rounds ({@code "rounds": [{round, missing}, …]}), each round's misses are kept too,
 * with the process that looked for them, so the report can draw what each round lacked.
 *
 * @param passed  null when the result does not say
 * @param missing the missing paths, in order of appearance, each once
 * @param misses  every miss with who looked for it: the final result's (round -1 unless it says), then each
 *                round's
 */
public record VerifyOutcome(Boolean passed, List<String> missing, List<Miss> misses) {
    public VerifyOutcome {
        missing = List.copyOf(missing);
        misses = List.copyOf(misses);
    }

    public VerifyOutcome(Boolean passed, List<String> missing) {
        this(passed, missing, missing.stream().map(p -> new Miss(p, 0, "", "", -1)).toList());
    }

    /**
     * One path looked for in vain.
     *
     * @param path      the path inside the tree
     * @param pid       the looking process in the verifying run (0 when unknown): not a pid of the trace
     * @param exe       its executable, "" when unknown
     * @param operation the request that failed, "" when unknown
     * @param round     the repair round, -1 for a plain result
     */
    public record Miss(String path, int pid, String exe, String operation, int round) {
    }

    public static VerifyOutcome read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such verify result");
        }
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a verify result (not JSON: " + depset.trace.JsonProblem.describe(e) + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException(file + ": not a verify result (not a JSON object)");
        }
        if (tree.has("schemaVersion") && tree.has("entries")) {
            throw new IOException(file + ": a manifest, not a verify result (depset verify --json writes one)");
        }
        if (!tree.has("verify") && List.of("passed", "pass", "status", "result", "verdict").stream().noneMatch(tree::has)) {
            throw new IOException(file + ": not a verify result (no \"verify\", \"result\" or \"passed\" field)");
        }
        // depset verify --json: {"result": "PASS"|"FAIL", "verify": {"pass", "missing": [{"path", …}]}, "rounds": […]};
        // the last result is what the built tree lacks (earlier rounds' misses were repaired).
        if (tree.has("verify") && tree.get("verify").isObject()) {
            JsonNode last = tree.get("verify");
            Set<String> missing = new LinkedHashSet<>();
            collect(last, missing);
            Boolean pass = last.has("pass") && last.get("pass").isBoolean() ? last.get("pass").asBoolean() : null;
            List<Miss> misses = new ArrayList<>();
            if (tree.has("rounds") && tree.get("rounds").isArray()) {
                for (JsonNode r : tree.get("rounds")) {
                    misses(r, r.path("round").asInt(-1), misses);
                }
            } else {
                misses(last, last.path("round").asInt(-1), misses);
            }
            return new VerifyOutcome(pass, new ArrayList<>(missing), misses);
        }
        Boolean passed = null;
        if (tree.has("passed") && tree.get("passed").isBoolean()) {
            passed = tree.get("passed").asBoolean();
        } else if (tree.has("pass") && tree.get("pass").isBoolean()) {
            passed = tree.get("pass").asBoolean();
        } else {
            for (String k : List.of("status", "result", "verdict")) {
                if (tree.has(k) && tree.get(k).isTextual()) {
                    String v = tree.get(k).asText();
                    passed = v.equalsIgnoreCase("PASS") || v.equalsIgnoreCase("passed") || v.equalsIgnoreCase("ok");
                    break;
                }
            }
        }
        Set<String> missing = new LinkedHashSet<>();
        collect(tree, missing);
        return new VerifyOutcome(passed, new ArrayList<>(missing));
    }

    /** The misses one result lists as objects ({@code missing: [{path, pid, exe, operation}]}). */
    private static void misses(JsonNode result, int round, List<Miss> out) {
        JsonNode list = result.path("missing");
        for (JsonNode m : list) {
            if (m.isTextual()) {
                out.add(new Miss(m.asText(), 0, "", "", round));
            } else if (m.isObject() && m.has("path")) {
                out.add(new Miss(m.get("path").asText(), m.path("pid").asInt(0), m.path("exe").asText(""),
                        m.path("operation").asText(""), round));
            }
        }
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if ((f.getKey().equals("missing") || f.getKey().equals("missingPaths")) && f.getValue().isArray()) {
                    for (JsonNode m : f.getValue()) {
                        if (m.isTextual()) {
                            out.add(m.asText());
                        } else if (m.isObject() && m.has("path")) {
                            out.add(m.get("path").asText());
                        }
                    }
                } else {
                    collect(f.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collect(n, out);
            }
        }
    }
}
