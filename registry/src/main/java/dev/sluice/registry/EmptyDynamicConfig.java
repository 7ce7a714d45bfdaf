package dev.sluice.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;
import java.util.List;

/**
 * The registry's config-index extension builds the list of its dynamic (runtime-editable) settings at
 * build time, in a deployment module Maven Central does not serve. The pom leaves the extension out;
 * this bean stands in for its result: no dynamic settings, so every setting is the static one the
 * test scripts pass on the command line.
 */
@ApplicationScoped
public class EmptyDynamicConfig {
    @Produces
    @ApplicationScoped
    DynamicConfigPropertyList dynamicConfigPropertyList() {
        return new DynamicConfigPropertyList(List.of());
    }
}
