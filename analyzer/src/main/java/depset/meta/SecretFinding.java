package depset.meta;

/**
 * An entry of a deployment set that looks like a credential.
 *
 * @param path   the entry's path
 * @param kind   a short tag: "private-key", "shadow", "ssh-key", "netrc", "pgpass", "my-cnf", "env-file",
 *               "password-field"
 * @param reason why it looks like one, for people ("PEM private key header on line 1")
 */
public record SecretFinding(String path, String kind, String reason) {
}
