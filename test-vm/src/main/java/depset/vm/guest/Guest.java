package depset.vm.guest;

import java.nio.file.Path;

/**
 * A built guest in the cache.
 *
 * @param name     the recipe's name
 * @param hash     the recipe's content hash
 * @param root     the guest's root tree
 * @param cacheHit whether it was found in the cache rather than built now
 */
public record Guest(String name, String hash, Path root, boolean cacheHit) {
}
