package dev.jrunc.linux;

import dev.jrunc.linux.generated.cmsghdr;
import dev.jrunc.linux.generated.iovec;
import dev.jrunc.linux.generated.msghdr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Passing file descriptors over AF_UNIX sockets with SCM_RIGHTS control messages.
 * The CMSG_* macros are function-like, so their arithmetic is written here (checked against gcc in
 * ScmRightsTest).
 */
public final class ScmRights {
    private ScmRights() {}

    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    /** Maximum fds per message accepted by the kernel (SCM_MAX_FD). */
    public static final int SCM_MAX_FD = 253;

    /** A received message: the data bytes and the descriptors (already owned by this process, O_CLOEXEC). */
    public record Received(byte[] payload, int[] fds) {
        /** True when the peer closed the connection (no data and no descriptors). */
        public boolean eof() {
            return payload.length == 0 && fds.length == 0;
        }

        @Override
        public String toString() {
            return "Received[" + payload.length + " bytes, fds=" + Arrays.toString(fds) + "]";
        }
    }

    /** CMSG_ALIGN on x86-64 (size_t alignment). */
    public static long cmsgAlign(long len) {
        return (len + 7) & ~7L;
    }

    /** CMSG_SPACE(len). */
    public static long cmsgSpace(long len) {
        return cmsgAlign(cmsghdr.sizeof()) + cmsgAlign(len);
    }

    /** CMSG_LEN(len). */
    public static long cmsgLen(long len) {
        return cmsgAlign(cmsghdr.sizeof()) + len;
    }

    /** socketpair(AF_UNIX, type|SOCK_CLOEXEC, 0). */
    public static int[] socketpair(int type) {
        return Linux.socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0);
    }

    /**
     * sendmsg(2) of {@code payload} with {@code fds} attached as one SCM_RIGHTS message. An empty
     * payload is sent as a single NUL byte (stream sockets need at least one data byte to carry
     * ancillary data). Returns the number of payload bytes sent.
     */
    public static int send(int sock, byte[] payload, int... fds) {
        if (fds.length > SCM_MAX_FD) {
            throw new IllegalArgumentException("too many fds: " + fds.length);
        }
        byte[] data = payload.length == 0 ? new byte[1] : payload;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(data.length);
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment iov = iovec.allocate(a);
            iovec.iov_base(iov, buf);
            iovec.iov_len(iov, data.length);
            MemorySegment msg = msghdr.allocate(a);
            msg.fill((byte) 0);
            msghdr.msg_iov(msg, iov);
            msghdr.msg_iovlen(msg, 1);
            if (fds.length > 0) {
                long space = cmsgSpace(4L * fds.length);
                MemorySegment ctl = a.allocate(space, 8);
                ctl.fill((byte) 0);
                cmsghdr.cmsg_len(ctl, cmsgLen(4L * fds.length));
                cmsghdr.cmsg_level(ctl, SOL_SOCKET);
                cmsghdr.cmsg_type(ctl, SCM_RIGHTS);
                MemorySegment.copy(fds, 0, ctl, ValueLayout.JAVA_INT, cmsgAlign(cmsghdr.sizeof()), fds.length);
                msghdr.msg_control(msg, ctl);
                msghdr.msg_controllen(msg, space);
            }
            return (int) Linux.sendmsg(sock, msg, MSG_NOSIGNAL);
        }
    }

    /** {@link #receive(int, int, int)} with up to 4096 payload bytes. */
    public static Received receive(int sock, int maxFds) {
        return receive(sock, maxFds, 4096);
    }

    /**
     * recvmsg(2) with MSG_CMSG_CLOEXEC; collects every SCM_RIGHTS descriptor. If the control data
     * was truncated (more fds than {@code maxFds}), the received fds are closed and EMSGSIZE-style
     * {@link LinuxException} is thrown.
     */
    public static Received receive(int sock, int maxFds, int maxPayload) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(maxPayload, 1));
            MemorySegment iov = iovec.allocate(a);
            iovec.iov_base(iov, buf);
            iovec.iov_len(iov, buf.byteSize());
            MemorySegment msg = msghdr.allocate(a);
            msg.fill((byte) 0);
            msghdr.msg_iov(msg, iov);
            msghdr.msg_iovlen(msg, 1);
            long space = cmsgSpace(4L * Math.max(maxFds, 1));
            MemorySegment ctl = a.allocate(space, 8);
            ctl.fill((byte) 0);
            msghdr.msg_control(msg, ctl);
            msghdr.msg_controllen(msg, space);
            int n = (int) Linux.recvmsg(sock, msg, MSG_CMSG_CLOEXEC);
            int[] fds = collectFds(ctl, msghdr.msg_controllen(msg));
            if ((msghdr.msg_flags(msg) & MSG_CTRUNC) != 0) {
                for (int fd : fds) {
                    Linux.closeQuietly(fd);
                }
                throw new LinuxException("recvmsg fd " + sock + ": control data truncated (more than " + maxFds
                        + " fds)", Errno.EMSGSIZE);
            }
            return new Received(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), fds);
        }
    }

    private static int[] collectFds(MemorySegment ctl, long controllen) {
        int[] out = new int[0];
        long hdr = cmsgAlign(cmsghdr.sizeof());
        long off = 0;
        while (off + hdr <= controllen) {
            MemorySegment c = ctl.asSlice(off);
            long len = cmsghdr.cmsg_len(c);
            if (len < hdr || off + len > controllen) {
                break;
            }
            if (cmsghdr.cmsg_level(c) == SOL_SOCKET && cmsghdr.cmsg_type(c) == SCM_RIGHTS) {
                int count = (int) ((len - hdr) / 4);
                int base = out.length;
                out = Arrays.copyOf(out, base + count);
                for (int i = 0; i < count; i++) {
                    out[base + i] = c.get(ValueLayout.JAVA_INT, hdr + 4L * i);
                }
            }
            off += cmsgAlign(len);
        }
        return out;
    }
}
