package dev.jrunc.runtime.cli;

import dev.jrunc.runtime.JruncException;
import dev.jrunc.spec.state.State;
import dev.jrunc.spec.state.StateJson;
import java.util.ArrayList;
import java.util.List;

/** {@code list}: the containers under the root, as a table, JSON, or bare ids. */
final class ListCommand extends Subcommand {
    /** Typed as the base class so that looking a command up loads only that command's class. */
    static Subcommand create() {
        return new ListCommand();
    }

    static final String HEADER = "ID          PID         STATUS      BUNDLE      CREATED     OWNER";

    @Override
    String name() {
        return "list";
    }

    @Override
    String summary() {
        return "lists containers started by jrunc with the given root";
    }

    @Override
    String argsLabel() {
        return "";
    }

    @Override
    void options(CommandFlags s) {
        value(s, "value", "select one of: table or json (default: \"table\")", "--format", "-f");
        flag(s, "display only container IDs", "--quiet", "-q");
    }

    /** runc's tabwriter layout: columns at least 12 wide, 3 spaces of padding. */
    static String table(List<State> states) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
        for (State s : states) {
            rows.add(new String[] {s.id(), Integer.toString(s.pid()), s.status(), s.bundle(),
                    StateJson.formatCreated(s.created()), s.owner()});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int c = 0; c < 5; c++) width[c] = Math.max(width[c], Math.max(12, r[c].length() + 3));
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < 5; c++) {
                sb.append(r[c]);
                sb.append(" ".repeat(width[c] - r[c].length()));
            }
            sb.append(r[5]).append('\n');
        }
        return sb.toString();
    }

    @Override
    int execute(Invocation inv) throws Exception {
        inv.exactArgs(0);
        String format = inv.string("--format", "table");
        if (!format.equals("table") && !format.equals("json")) {
            throw new JruncException("invalid format option");
        }
        List<State> states = inv.runtime().list();
        if (inv.flag("--quiet")) {
            for (State s : states) inv.out.println(s.id());
            return 0;
        }
        if (format.equals("json")) {
            if (states.isEmpty()) {
                inv.out.println("null");
                return 0;
            }
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < states.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(StateJson.write(states.get(i), false));
            }
            inv.out.println(sb.append(']'));
            return 0;
        }
        inv.out.print(table(states));
        return 0;
    }
}
