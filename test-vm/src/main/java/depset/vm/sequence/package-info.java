/**
 * Test sequences: a plain text file that describes a service's life (root tree, boot steps, commands
 * typed into a root login shell, client requests from outside the guest, checks, halt steps), and its
 * parser. The format is documented in README's "Guests and the evaluation" section.
 */
package depset.vm.sequence;
