package io.hacluster.inventory.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * The methods each path of the API takes, for the {@code Allow} header that a 405 must carry (RFC 9110 §15.5.6) and
 * that Quarkus REST leaves out of it. Read once from the resources' annotations.
 */
final class AllowedMethods {

    /** Every resource of the API; a test checks that none is missing. */
    static final List<Class<?>> RESOURCES = List.of(ClusterResource.class, ContainerResource.class,
            FailoverResource.class, GroupResource.class, HistoryResource.class, NodeResource.class,
            RequestResource.class, VolumeResource.class);

    private record Route(Pattern path, String method) {
    }

    private static final List<Route> ROUTES = read();

    private AllowedMethods() {
    }

    /** The methods {@code path} takes, HEAD and OPTIONS included; empty when no resource is there. */
    static Set<String> at(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Set<String> methods = new TreeSet<>();
        for (Route r : ROUTES) {
            if (r.path().matcher(p).matches()) {
                methods.add(r.method());
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
        }
        return methods;
    }

    private static List<Route> read() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getMethods()) {
                String method = httpMethod(m);
                if (method == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                routes.add(new Route(template(base + (sub == null ? "" : "/" + sub.value())), method));
            }
        }
        return List.copyOf(routes);
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    /** {@code /api/v1/nodes/{nodeId}/drain} as a pattern: each parameter one path segment. */
    private static Pattern template(String template) {
        String t = template.replaceAll("/+", "/");
        if (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        String[] literals = t.split("\\{[^}]+}", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(literals[0]));
        for (int i = 1; i < literals.length; i++) {
            regex.append("[^/]+").append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
