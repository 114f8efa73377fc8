package dev.jrunc.runtime;

/** Container id rules, as runc has them: one path element of [A-Za-z0-9_+.-], never "." or "..". */
public final class ContainerIds {
    private ContainerIds() {}

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.equals(".") || id.equals("..")) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '+' || c == '-' || c == '.';
            if (!ok) return false;
        }
        return true;
    }

    /** @throws JruncException "invalid id format ..." unless {@link #isValid} */
    public static String check(String id) throws JruncException {
        if (id == null || id.isEmpty()) throw new JruncException("container id cannot be empty");
        if (!isValid(id)) throw new JruncException("invalid id format \"" + id + "\": invalid container ID format");
        return id;
    }
}
