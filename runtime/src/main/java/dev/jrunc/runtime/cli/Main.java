package dev.jrunc.runtime.cli;

/** Entry point of the jrunc binary. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("jrunc");
    }
}
