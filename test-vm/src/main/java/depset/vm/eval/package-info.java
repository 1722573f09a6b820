/**
 * The evaluation: for each sequence, trace it once in its complete guest, compute every strategy's
 * deployment set, build each as a tree, replay the sequence in it, and print the seed's table (size,
 * files, functional and why not), with a row for the complete guest and one for ReproZip.
 */
package depset.vm.eval;
