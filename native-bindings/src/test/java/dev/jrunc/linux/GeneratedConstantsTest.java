package dev.jrunc.linux;

import dev.jrunc.linux.generated.jrunc_h;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Spot-checks jextract constants, SysNr and the hand-written constants against gcc. */
class GeneratedConstantsTest {
    private static long generated(String name) throws Exception {
        Method m = jrunc_h.class.getMethod(name);
        return ((Number) m.invoke(null)).longValue();
    }

    @Test
    void generatedConstantsMatchGcc() throws Exception {
        List<String> names = List.of("TIOCGPTN", "TIOCSPTLCK", "TIOCSCTTY", "TIOCGPTPEER", "TIOCSWINSZ", "TIOCGWINSZ",
                "NS_GET_NSTYPE", "SYS_clone3", "SYS_openat2", "CLONE_NEWTIME", "CLONE_INTO_CGROUP", "CLONE_PIDFD",
                "MS_BIND", "MS_REC", "MS_PRIVATE", "MS_SLAVE", "MS_RDONLY", "MNT_DETACH", "MOUNT_ATTR_IDMAP",
                "MOUNT_ATTR_RDONLY", "MOVE_MOUNT_F_EMPTY_PATH", "OPEN_TREE_CLONE", "FSCONFIG_CMD_CREATE",
                "RESOLVE_IN_ROOT", "RESOLVE_NO_SYMLINKS", "PR_SET_NO_NEW_PRIVS", "PR_CAP_AMBIENT", "CAP_SYS_ADMIN",
                "CAP_CHECKPOINT_RESTORE", "_LINUX_CAPABILITY_VERSION_3", "RLIMIT_NOFILE", "RLIM_INFINITY",
                "SCM_RIGHTS", "SOL_SOCKET", "MSG_CMSG_CLOEXEC", "SECCOMP_SET_MODE_FILTER", "SECCOMP_RET_ALLOW",
                "SECCOMP_RET_KILL_PROCESS", "SECCOMP_FILTER_FLAG_NEW_LISTENER", "S_IFCHR", "S_IFMT", "O_PATH",
                "O_CLOEXEC", "AT_EMPTY_PATH", "AT_RECURSIVE", "CLOSE_RANGE_CLOEXEC", "MFD_CLOEXEC", "SIGCHLD",
                "SIGKILL", "P_PIDFD", "WEXITED", "ARCH_GET_FS", "EHWPOISON", "ELOOP");
        Map<String, Long> c = CProbe.evalNames(names);
        for (String n : names) {
            long g = generated(n);
            long expected = c.get(n);
            // jextract narrows unsigned int constants to Java int
            assertTrue(g == expected || (int) g == (int) expected, n + ": generated " + g + " gcc " + expected);
        }
    }

    @Test
    void sysNrMatchesGccAndGenerated() throws Exception {
        List<String> names = new ArrayList<>();
        Map<String, Integer> ours = new LinkedHashMap<>();
        for (Field f : SysNr.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                names.add("SYS_" + f.getName());
                ours.put("SYS_" + f.getName(), f.getInt(null));
            }
        }
        assertTrue(names.size() > 100);
        Map<String, Long> c = CProbe.evalNames(names);
        for (String n : names) {
            assertEquals(c.get(n).intValue(), ours.get(n), n);
            assertEquals(generated(n), (long) ours.get(n), n);
        }
        assertEquals(435, SysNr.clone3);
        assertEquals(155, SysNr.pivot_root);
        assertEquals(442, SysNr.mount_setattr);
    }

    @Test
    void handWrittenConstantsMatchGcc() throws Exception {
        Map<String, String> ex = new LinkedHashMap<>();
        Map<String, Long> mine = new LinkedHashMap<>();
        put(ex, mine, "NS_GET_NSTYPE", Namespaces.NS_GET_NSTYPE);
        put(ex, mine, "CLONE_NEWNS", Namespaces.CLONE_NEWNS);
        put(ex, mine, "CLONE_NEWCGROUP", Namespaces.CLONE_NEWCGROUP);
        put(ex, mine, "CLONE_NEWUTS", Namespaces.CLONE_NEWUTS);
        put(ex, mine, "CLONE_NEWIPC", Namespaces.CLONE_NEWIPC);
        put(ex, mine, "CLONE_NEWUSER", Namespaces.CLONE_NEWUSER);
        put(ex, mine, "CLONE_NEWPID", Namespaces.CLONE_NEWPID);
        put(ex, mine, "CLONE_NEWNET", Namespaces.CLONE_NEWNET);
        put(ex, mine, "CLONE_NEWTIME", Namespaces.CLONE_NEWTIME);
        put(ex, mine, "CLONE_FS", Namespaces.CLONE_FS);
        put(ex, mine, "FSCONFIG_SET_STRING", Mounts.FSCONFIG_SET_STRING);
        put(ex, mine, "FSCONFIG_SET_FD", Mounts.FSCONFIG_SET_FD);
        put(ex, mine, "FSCONFIG_CMD_CREATE", Mounts.FSCONFIG_CMD_CREATE);
        put(ex, mine, "FSCONFIG_CMD_RECONFIGURE", Mounts.FSCONFIG_CMD_RECONFIGURE);
        put(ex, mine, "PR_CAPBSET_READ", Capabilities.PR_CAPBSET_READ);
        put(ex, mine, "PR_CAPBSET_DROP", Capabilities.PR_CAPBSET_DROP);
        put(ex, mine, "PR_CAP_AMBIENT", Capabilities.PR_CAP_AMBIENT);
        put(ex, mine, "PR_CAP_AMBIENT_RAISE", Capabilities.PR_CAP_AMBIENT_RAISE);
        put(ex, mine, "PR_CAP_AMBIENT_CLEAR_ALL", Capabilities.PR_CAP_AMBIENT_CLEAR_ALL);
        put(ex, mine, "_LINUX_CAPABILITY_VERSION_3", Capabilities.LINUX_CAPABILITY_VERSION_3);
        put(ex, mine, "CAP_LAST_CAP", Capabilities.knownLast());
        put(ex, mine, "RLIMIT_NOFILE", Rlimits.RLIMIT_NOFILE);
        put(ex, mine, "RLIM_NLIMITS", 16);
        put(ex, mine, "AF_UNIX", ScmRights.AF_UNIX);
        put(ex, mine, "SOCK_SEQPACKET", ScmRights.SOCK_SEQPACKET);
        put(ex, mine, "SOCK_CLOEXEC", ScmRights.SOCK_CLOEXEC);
        put(ex, mine, "MSG_CTRUNC", ScmRights.MSG_CTRUNC);
        put(ex, mine, "MSG_NOSIGNAL", ScmRights.MSG_NOSIGNAL);
        put(ex, mine, "MSG_CMSG_CLOEXEC", ScmRights.MSG_CMSG_CLOEXEC);
        put(ex, mine, "SCM_RIGHTS", ScmRights.SCM_RIGHTS);
        put(ex, mine, "SECCOMP_SET_MODE_FILTER", Seccomp.SECCOMP_SET_MODE_FILTER);
        put(ex, mine, "SECCOMP_FILTER_FLAG_NEW_LISTENER", Seccomp.SECCOMP_FILTER_FLAG_NEW_LISTENER);
        put(ex, mine, "SECCOMP_RET_ERRNO", Seccomp.SECCOMP_RET_ERRNO);
        put(ex, mine, "SECCOMP_RET_USER_NOTIF", Seccomp.SECCOMP_RET_USER_NOTIF);
        put(ex, mine, "SECCOMP_RET_KILL_PROCESS", Seccomp.SECCOMP_RET_KILL_PROCESS);
        put(ex, mine, "SECCOMP_RET_LOG", Seccomp.SECCOMP_RET_LOG);
        put(ex, mine, "AUDIT_ARCH_X86_64", Seccomp.AUDIT_ARCH_X86_64);
        put(ex, mine, "BPF_JEQ", Seccomp.BPF_JEQ);
        put(ex, mine, "BPF_ABS", Seccomp.BPF_ABS);
        put(ex, mine, "BPF_RET", Seccomp.BPF_RET);
        put(ex, mine, "offsetof(struct seccomp_data, arch)", Seccomp.DATA_ARCH);
        put(ex, mine, "offsetof(struct seccomp_data, args)", Seccomp.DATA_ARGS);
        put(ex, mine, "PIDFD_NONBLOCK_", Pidfd.PIDFD_NONBLOCK);
        ex.put("PIDFD_NONBLOCK_", "O_NONBLOCK");
        put(ex, mine, "AT_FDCWD", Linux.AT_FDCWD);
        put(ex, mine, "RLIM_INFINITY", Rlimits.INFINITY);
        Map<String, Long> c = CProbe.eval(ex, "linux/audit.h");
        for (String k : ex.keySet()) {
            assertEquals((int) (long) c.get(k), (int) (long) mine.get(k), k);
        }
    }

    private static void put(Map<String, String> ex, Map<String, Long> mine, String expr, long value) {
        ex.put(expr, expr);
        mine.put(expr, value);
    }

    @Test
    void errnoTableMatchesGenerated() throws Exception {
        for (int e = 1; e <= 133; e++) {
            String name = Errno.name(e);
            if (name.equals("E" + e)) {
                continue;
            }
            assertEquals(e, generated(name), name);
        }
    }
}
