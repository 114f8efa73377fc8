package dev.jrunc.conformance.engines;

import java.net.URI;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Points Testcontainers at the suite's private dockerd (registered through
 * META-INF/services, ahead of DOCKER_HOST and /var/run/docker.sock): the suite
 * never talks to a system Docker, whatever the environment says. Applicable
 * only while {@link PrivateDockerd} runs; never persisted to ~/.testcontainers.properties.
 */
public final class PrivateDockerStrategy extends DockerClientProviderStrategy {
    static volatile URI dockerHost;

    @Override
    public String getDescription() {
        return "jrunc engines suite: private dockerd at " + dockerHost;
    }

    @Override
    protected boolean isApplicable() {
        return dockerHost != null;
    }

    @Override
    protected int getPriority() {
        return 1000;
    }

    @Override
    protected boolean isPersistable() {
        return false;
    }

    @Override
    public TransportConfig getTransportConfig() {
        return TransportConfig.builder().dockerHost(dockerHost).build();
    }
}
