/**
 * The jrunc command line, compatible with runc's: global flags, then one subcommand per
 * class ({@code CreateCommand}, {@code StateCommand}, ...), parsed with Go's flag rules
 * ({@link dev.jrunc.runtime.cli.GoFlags}) so engines can call it as they call runc.
 * Commands only parse and report; the work is in {@link dev.jrunc.runtime.ContainerRuntime}.
 * Entry points: {@link dev.jrunc.runtime.cli.Main#main} and the non-exiting
 * {@link dev.jrunc.runtime.cli.Main#run(String[], java.io.PrintStream, java.io.PrintStream)}.
 */
package dev.jrunc.runtime.cli;
