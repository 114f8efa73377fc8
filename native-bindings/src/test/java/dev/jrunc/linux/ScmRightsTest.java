package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ScmRightsTest {
    @Test
    void passesMemfdOverSocketpair() {
        int[] sp = ScmRights.socketpair(ScmRights.SOCK_STREAM);
        try (Fd a = Fd.of(sp[0]); Fd b = Fd.of(sp[1]);
             Fd memfd = Fd.of(Linux.memfdCreate("scm", 1))) {
            Linux.writeFully(memfd.fd(), "shared secret".getBytes(StandardCharsets.UTF_8));
            int[] p = Linux.pipe2(02000000);
            try (Fd pr = Fd.of(p[0]); Fd pw = Fd.of(p[1])) {
                assertEquals(4, ScmRights.send(a.fd(), "meta".getBytes(StandardCharsets.UTF_8), memfd.fd(), pw.fd()));
                ScmRights.Received got = ScmRights.receive(b.fd(), 4);
                assertEquals("meta", new String(got.payload(), StandardCharsets.UTF_8));
                assertEquals(2, got.fds().length);
                try (Fd m2 = Fd.of(got.fds()[0]); Fd w2 = Fd.of(got.fds()[1])) {
                    // received fds are CLOEXEC (MSG_CMSG_CLOEXEC)
                    assertEquals(1, Linux.fcntl(m2.fd(), 1, 0) & 1);
                    byte[] buf = new byte[64];
                    // reopen through /proc/self/fd so the shared file offset does not matter
                    String content = ProcFiles.readSmallString("/proc/self/fd/" + m2.fd());
                    assertEquals("shared secret", content);
                    Linux.writeFully(w2.fd(), "via passed pipe".getBytes(StandardCharsets.UTF_8));
                    int n = Linux.read(pr.fd(), buf, 0, buf.length);
                    assertEquals("via passed pipe", new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void emptyPayloadAndEof() {
        int[] sp = ScmRights.socketpair(ScmRights.SOCK_SEQPACKET);
        try (Fd a = Fd.of(sp[0]); Fd b = Fd.of(sp[1])) {
            ScmRights.send(a.fd(), new byte[0]);
            ScmRights.Received r = ScmRights.receive(b.fd(), 1);
            assertEquals(1, r.payload().length);
            assertEquals(0, r.fds().length);
            a.close();
            assertTrue(ScmRights.receive(b.fd(), 1).eof());
        }
    }

    @Test
    void tooManyFdsIsReportedAndClosed() {
        int[] sp = ScmRights.socketpair(ScmRights.SOCK_STREAM);
        try (Fd a = Fd.of(sp[0]); Fd b = Fd.of(sp[1])) {
            ScmRights.send(a.fd(), new byte[] {1}, 0, 1, 2);
            LinuxException e = assertThrows(LinuxException.class, () -> ScmRights.receive(b.fd(), 1));
            assertEquals(Errno.EMSGSIZE, e.errno());
        }
    }

    @Test
    void cmsgMacrosMatchGcc() throws Exception {
        Map<String, String> ex = new LinkedHashMap<>();
        for (int n : new int[] {0, 1, 4, 8, 12, 1012}) {
            ex.put("space" + n, "CMSG_SPACE(" + n + ")");
            ex.put("len" + n, "CMSG_LEN(" + n + ")");
        }
        Map<String, Long> v = CProbe.eval(ex);
        for (int n : new int[] {0, 1, 4, 8, 12, 1012}) {
            assertEquals(v.get("space" + n), ScmRights.cmsgSpace(n), "CMSG_SPACE " + n);
            assertEquals(v.get("len" + n), ScmRights.cmsgLen(n), "CMSG_LEN " + n);
        }
    }
}
