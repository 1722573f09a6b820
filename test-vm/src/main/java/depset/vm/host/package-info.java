/** Programs of the machine itself (debootstrap, unshare, nsenter, ip, mount) run with a deadline. */
package depset.vm.host;
