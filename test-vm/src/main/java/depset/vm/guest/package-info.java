/**
 * Debian guests built with debootstrap: their recipes, the mirror the machine's apt sources name, and a
 * cache keyed by each recipe's content hash, filled atomically so that a killed build never looks cached.
 */
package depset.vm.guest;
