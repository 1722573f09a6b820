/**
 * Graphs for people and other tools: a trace or a set as DOT or JGraphT JSON (jgrapht-io), or as a
 * terminal process tree with counts, optionally cut down with the seed's queries (ancestors,
 * descendants, depth, path between two nodes) and rendered by Graphviz.
 */
package depset.show;
