package depset.cli;

import depset.vm.guest.Guest;
import depset.vm.guest.GuestBuildException;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestCache;
import depset.vm.guest.GuestRecipe;
import depset.vm.guest.GuestRecipes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code depset guest}: builds (or finds in the cache) the shipped Debian guests and prints their roots. */
@Command(name = "guest", mixinStandardHelpOptions = true,
        description = {"Builds the shipped Debian guests with debootstrap, or finds them in the cache, and prints"
                + " each one's root tree.",
                "A guest is rebuilt only when its recipe changes (the cache is keyed by the recipe's hash)."})
final class GuestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "ls, lamp")
    List<String> names;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "the Debian mirror (default: $" + GuestBuilder.MIRROR_VARIABLE
                    + ", else the one the machine's apt sources name)")
    String mirror;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "the guest cache (default: $" + GuestCache.CACHE_VARIABLE + ", else /var/cache/depset/guests)")
    Path cache;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GuestBuilder builder = builder(mirror, cache);
        for (String name : names) {
            GuestRecipe recipe = GuestRecipes.byName(name).orElseThrow(() -> new DepsetException(ExitCode.USAGE,
                    "no guest called '" + name + "' (depset ships: " + String.join(", ", GuestRecipes.names()) + ")"));
            if (!builder.cache().pathOf(recipe.cacheKey()).toFile().isDirectory()) {
                err.println("depset: building the " + name + " guest (about a minute; log: "
                        + builder.cache().logOf(recipe.cacheKey()) + ")");
                err.flush();
            }
            Guest g = obtain(builder, recipe);
            out.println(g.root());
            out.flush();
        }
        return ExitCode.OK;
    }

    static GuestBuilder builder(String mirror, Path cache) {
        return new GuestBuilder(cache == null ? GuestCache.fromEnvironment() : new GuestCache(cache),
                Optional.ofNullable(mirror));
    }

    static Guest obtain(GuestBuilder builder, GuestRecipe recipe) throws IOException {
        try {
            return builder.obtain(recipe);
        } catch (GuestBuildException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage());
        }
    }
}
