package dev.healthmon.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import reactor.core.publisher.Mono;

/**
 * Every route the running service answers, read from what declares them: its {@link RouterFunction} beans (walked
 * with Spring's visitors) and its request-mapping handler mappings (the actuator's endpoints), so that a route added
 * later is listed without anyone listing it by hand.
 */
final class ServiceRoutes {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    private ServiceRoutes() {
    }

    /** Returns the routes of {@code context}, sorted by path then method. */
    static List<Route> of(ApplicationContext context) {
        Set<Route> routes = new TreeSet<>();
        for (RouterFunction<?> router : context.getBeansOfType(RouterFunction.class).values()) {
            router.accept(new Collector(routes));
        }
        for (RequestMappingInfoHandlerMapping mapping
                : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<HttpMethod> methods = new TreeSet<>((a, b) -> a.name().compareTo(b.name()));
                info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.asHttpMethod()));
                if (methods.isEmpty()) {
                    methods.add(HttpMethod.GET);
                }
                info.getPatternsCondition().getPatterns().forEach(pattern -> methods.forEach(method ->
                        routes.add(new Route(method.name(), pattern.getPatternString()))));
            }
        }
        return List.copyOf(routes);
    }

    /** One route: a method and a path pattern such as {@code /api/v1/monitors/{name}}. */
    record Route(String method, String pattern) implements Comparable<Route> {

        /** Returns {@code "GET /api/v1/health/{name}"}. */
        String key() {
            return method + " " + pattern;
        }

        /** Returns the names of the path's variables, in order. */
        List<String> variables() {
            List<String> names = new ArrayList<>();
            Matcher matcher = VARIABLE.matcher(pattern);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        /** Returns the path with each variable replaced by what {@code values} gives for its name, as it is. */
        String path(Function<String, String> values) {
            Matcher matcher = VARIABLE.matcher(pattern);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(values.apply(matcher.group(1))));
            }
            matcher.appendTail(out);
            return out.toString();
        }

        /** Returns whether a request of this route may change the service's state. */
        boolean changesState() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }

        @Override
        public int compareTo(Route other) {
            int byPath = pattern.compareTo(other.pattern);
            return byPath != 0 ? byPath : method.compareTo(other.method);
        }
    }

    /** Collects each route's methods and path; a predicate it cannot read is a route of its own, so it is seen. */
    private static final class Collector implements RouterFunctions.Visitor, RequestPredicates.Visitor {

        private final Set<Route> routes;
        private final Deque<String> prefixes = new ArrayDeque<>();
        private final List<String> methods = new ArrayList<>();
        private final List<String> paths = new ArrayList<>();
        private final List<String> unknown = new ArrayList<>();

        Collector(Set<Route> routes) {
            this.routes = routes;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            paths.clear();
            predicate.accept(this);
            prefixes.push(String.join("", prefixes) + String.join("", paths));
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            prefixes.pop();
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            methods.clear();
            paths.clear();
            unknown.clear();
            predicate.accept(this);
            String prefix = prefixes.isEmpty() ? "" : prefixes.peek();
            List<String> ms = methods.isEmpty() ? List.of("GET") : List.copyOf(methods);
            List<String> ps = paths.isEmpty() ? List.of("?" + unknown) : List.copyOf(paths);
            for (String method : ms) {
                for (String path : ps) {
                    routes.add(new Route(method, prefix + path));
                }
            }
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
            routes.add(new Route("GET", "resources " + lookup));
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            routes.add(new Route("?", "unknown router " + routerFunction));
        }

        @Override
        public void method(Set<HttpMethod> set) {
            set.forEach(m -> methods.add(m.name()));
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {
            unknown.add("extension " + extension);
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
            unknown.add(String.valueOf(predicate));
        }
    }
}
