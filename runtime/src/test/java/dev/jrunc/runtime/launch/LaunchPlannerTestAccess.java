package dev.jrunc.runtime.launch;

import java.util.Map;

/** The golden tests' fixed host and fds, for plan tests in other packages. */
public final class LaunchPlannerTestAccess {
    private LaunchPlannerTestAccess() {}

    public static LaunchContext context() {
        return LaunchPlannerTest.context(Map.of());
    }
}
