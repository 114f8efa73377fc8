/* A minimal sd_notify(3) for the conformance tests: sends argv[1] (default "READY=1")
 * as one datagram to the AF_UNIX socket named by $NOTIFY_SOCKET ('@' = abstract). Built
 * static by NotifySocketTest, so it runs in a busybox rootfs. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *msg = argc > 1 ? argv[1] : "READY=1";
    const char *path = getenv("NOTIFY_SOCKET");
    if (path == NULL || *path == '\0') {
        fprintf(stderr, "sd-notify: NOTIFY_SOCKET is not set\n");
        return 2;
    }
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    size_t n = strlen(path);
    if (n >= sizeof addr.sun_path) return 2;
    memcpy(addr.sun_path, path, n);
    socklen_t len = offsetof(struct sockaddr_un, sun_path) + n + 1;
    if (path[0] == '@') {
        addr.sun_path[0] = '\0';
        len--;
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || sendto(fd, msg, strlen(msg), 0, (struct sockaddr *) &addr, len) < 0) {
        perror("sd-notify");
        return 1;
    }
    close(fd);
    return 0;
}
