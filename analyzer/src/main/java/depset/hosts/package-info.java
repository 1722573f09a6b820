/**
 * Several hosts traced in one run: the flows between them (who listened where, who connected) and
 * what they make important on each host.
 */
package depset.hosts;
