/**
 * A service under a load generator: the LAMP guest's page fetched a fixed number of times by
 * ApacheBench from the visitor's network namespace, natively and under each tracer (depset, strace,
 * ReproZip), with the figures and, for depset, the proof that no event was lost.
 */
package depset.vm.load;
