package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.ConfigCheck;
import dev.jrunc.runtime.DefaultSpec;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.spec.Violation;
import java.nio.file.Path;
import java.util.List;

/** {@code validate}: check a bundle's config.json fully and list every problem by JSON pointer. */
final class ValidateCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new ValidateCommand();
    }

    @Override
    String name() {
        return "validate";
    }

    @Override
    String summary() {
        return "validate the bundle's config.json and list every problem";
    }

    @Override
    String argsLabel() {
        return "";
    }

    @Override
    void options(CommandFlags s) {
        CreateFlags.bundle(s, "path to the root of the bundle directory, defaults to the current directory");
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(0);
        Path file = inv.bundle().resolve(DefaultSpec.FILE_NAME);
        List<Violation> problems = ConfigCheck.check(inv.bundle());
        if (problems.isEmpty()) {
            inv.out.println(file + ": valid");
            return 0;
        }
        for (Violation v : problems) inv.out.println(v);
        throw new JruncException(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
    }
}
