package dev.jrunc.runtime;

import java.nio.file.Path;

/**
 * A container to create from a bundle: {@code create}, {@code run} and {@code restore} share these.
 *
 * @param id            the container id (checked by the runtime, after the bundle's config)
 * @param bundle        the bundle directory ({@code --bundle}, default the working directory)
 * @param consoleSocket AF_UNIX socket to send the pty master to, or null
 * @param pidFile       where to write the init pid, or null
 * @param noPivot       use MS_MOVE + chroot instead of pivot_root
 * @param noNewKeyring  keep the caller's session keyring
 * @param preserveFds   extra fds (after stdio and LISTEN_FDS) to pass in
 * @param detach        {@code run -d}: return once the container started
 * @param keep          {@code run --keep}: keep the state after it exits
 * @param noSubreaper   {@code run/restore --no-subreaper}
 */
public record CreateRequest(String id, Path bundle, String consoleSocket, String pidFile, boolean noPivot,
                            boolean noNewKeyring, int preserveFds, boolean detach, boolean keep,
                            boolean noSubreaper) {}
