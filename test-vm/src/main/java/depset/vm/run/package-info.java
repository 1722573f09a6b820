/**
 * Running a sequence in a root tree: the {@link depset.vm.run.SequenceRunner}, the sessions it runs
 * steps in (a plain chroot in private namespaces here; depset's traced sandbox elsewhere), the root
 * login shell on a pseudo-terminal, and the visitor's network link.
 */
package depset.vm.run;
