package dev.jrunc.linux;

/** The subset of {@code struct stat} jrunc needs (from fstat/fstatat). */
public record FileStat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size) {
    public int type() {
        return mode & 0170000;
    }

    public boolean isDirectory() {
        return type() == 0040000;
    }

    public boolean isRegular() {
        return type() == 0100000;
    }

    public boolean isSymlink() {
        return type() == 0120000;
    }

    public boolean isCharDevice() {
        return type() == 0020000;
    }

    public boolean isBlockDevice() {
        return type() == 0060000;
    }

    public int permissions() {
        return mode & 07777;
    }

    public int rdevMajor() {
        return Linux.major(rdev);
    }

    public int rdevMinor() {
        return Linux.minor(rdev);
    }
}
