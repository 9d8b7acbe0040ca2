package dev.healthmon.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RequestPredicates.PUT;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The routes of DESIGN section 7: health reads and streams, open and readable from any origin, and monitor
 * management, behind a bearer token when one is set.
 *
 * <pre>{@code
 * RouterFunction<ServerResponse> routes = ApiRoutes.create(health, streams, management, token);
 * }</pre>
 */
public final class ApiRoutes {

    /** The path prefix of the read endpoints. */
    public static final String HEALTH = "/api/v1/health";
    /** The path prefix of the management endpoints. */
    public static final String MONITORS = "/api/v1/monitors";
    /** The path that reloads the config file. */
    public static final String CONFIG_RELOAD = "/api/v1/config/reload";

    private ApiRoutes() {
    }

    /**
     * Returns the routes; management requires {@code Authorization: Bearer <token>} when {@code token} is not
     * blank.
     */
    public static RouterFunction<ServerResponse> create(HealthHandler health, StreamHandler streams,
            MonitorHandler monitors, @Nullable String token) {
        return create(health, streams, monitors, null, null, token);
    }

    /**
     * Returns the routes, with {@code POST /api/v1/config/reload} among the management endpoints when
     * {@code config} is given, and the mute endpoints of {@code mutes} when it is given; management requires
     * {@code Authorization: Bearer <token>} when {@code token} is not blank.
     */
    public static RouterFunction<ServerResponse> create(HealthHandler health, StreamHandler streams,
            MonitorHandler monitors, @Nullable ConfigHandler config, @Nullable MuteHandler mutes,
            @Nullable String token) {
        RouterFunction<ServerResponse> reads = RouterFunctions.route()
                // the streams first, or "stream" would be taken for a monitor's name
                .route(GET(HEALTH + "/stream"), streams::all)
                .route(GET(HEALTH + "/{name}/stream"), streams::one)
                .route(GET(HEALTH), health::all)
                .route(GET(HEALTH + "/{name}"), health::one)
                .build();
        RouterFunctions.Builder managed = RouterFunctions.route()
                .route(POST(MONITORS), monitors::create)
                .route(GET(MONITORS + "/{name}"), monitors::written)
                .route(PUT(MONITORS + "/{name}"), monitors::replace)
                .route(DELETE(MONITORS + "/{name}"), monitors::delete)
                .route(POST(MONITORS + "/{name}/restart"), monitors::restart);
        if (config != null) {
            managed.route(POST(CONFIG_RELOAD), config::reload);
        }
        if (mutes != null) {
            managed.route(POST(MONITORS + "/{name}/mute"), mutes::muteMonitor)
                    .route(DELETE(MONITORS + "/{name}/mute"), mutes::unmuteMonitor)
                    .route(POST(MuteHandler.GROUPS + "/{group}/mute"), mutes::muteGroup)
                    .route(DELETE(MuteHandler.GROUPS + "/{group}/mute"), mutes::unmuteGroup);
        }
        RouterFunction<ServerResponse> management = managed.build();
        if (token != null && !token.isBlank()) {
            management = management.filter(new BearerTokenFilter(token));
        }
        return reads.and(management);
    }

    /** Returns the CORS rules: any origin may {@code GET} the read endpoints, so a dashboard elsewhere can use them. */
    public static CorsConfigurationSource cors() {
        CorsConfiguration reads = new CorsConfiguration();
        reads.addAllowedOrigin("*");
        reads.setAllowedMethods(List.of("GET"));
        reads.addAllowedHeader("*");
        reads.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration(HEALTH, reads);
        source.registerCorsConfiguration(HEALTH + "/**", reads);
        return source;
    }
}
