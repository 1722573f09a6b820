/**
 * The machine's side of a guest: its mounts and the scripts run next to it (programs themselves run through
 * {@code depset.sandbox.HostCommand}, with a deadline).
 */
package depset.vm.host;
