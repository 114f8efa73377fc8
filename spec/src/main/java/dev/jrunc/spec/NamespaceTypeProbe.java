package dev.jrunc.spec;

/** Tells what kind of namespace a file is, so validation can stay free of native code. */
@FunctionalInterface
public interface NamespaceTypeProbe {
    /**
     * The namespace type of the file at path ("pid", "net", "mnt", "ipc", "uts", "user", "cgroup",
     * "time"), or null if not a namespace file / unknown.
     */
    String typeOf(String path);

    /** A probe that knows nothing; namespace path checks are skipped. */
    NamespaceTypeProbe NONE = new NamespaceTypeProbe() {
        @Override
        public String typeOf(String path) {
            return null;
        }
    };
}
