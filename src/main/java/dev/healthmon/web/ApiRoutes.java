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
 * The routes of DESIGN section 7: health reads and streams, open to read (cross-origin only from the origins
 * of {@code healthmon.api.cors}), and monitor management, guarded by {@link ManagementAccess}: a bearer token when
 * one is set, loopback clients only otherwise (DESIGN section 13).
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
     * blank, and a loopback client otherwise, as {@link ManagementAccess#create(String)} guards it.
     */
    public static RouterFunction<ServerResponse> create(HealthHandler health, StreamHandler streams,
            MonitorHandler monitors, @Nullable String token) {
        return create(health, streams, monitors, null, null, ManagementAccess.create(token));
    }

    /** Returns the routes, management guarded by {@code access}. */
    public static RouterFunction<ServerResponse> create(HealthHandler health, StreamHandler streams,
            MonitorHandler monitors, ManagementAccess access) {
        return create(health, streams, monitors, null, null, access);
    }

    /**
     * Returns the routes as {@link #create(HealthHandler, StreamHandler, MonitorHandler, ConfigHandler, MuteHandler,
     * ManagementAccess)} does, management guarded by {@code token} as {@link ManagementAccess#create(String)} does.
     */
    public static RouterFunction<ServerResponse> create(HealthHandler health, StreamHandler streams,
            MonitorHandler monitors, @Nullable ConfigHandler config, @Nullable MuteHandler mutes,
            @Nullable String token) {
        return create(health, streams, monitors, config, mutes, ManagementAccess.create(token));
    }

    /**
     * Returns the routes, with {@code POST /api/v1/config/reload} among the management endpoints when
     * {@code config} is given, and the mute endpoints of {@code mutes} when it is given; management is guarded by
     * {@code access}.
     */
    public static RouterFunction<ServerResponse> create(HealthHandler health, StreamHandler streams,
            MonitorHandler monitors, @Nullable ConfigHandler config, @Nullable MuteHandler mutes,
            ManagementAccess access) {
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
        return reads.and(managed.build().filter(access));
    }

    /**
     * Returns the CORS rules: none without {@code origins} (the dashboard is served from the same origin); with
     * them, those origins may {@code GET} the read endpoints and call the management endpoints with their
     * {@code Authorization} and {@code Content-Type} headers.
     */
    public static CorsConfigurationSource cors(List<String> origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (origins.isEmpty()) {
            return source;
        }
        CorsConfiguration reads = new CorsConfiguration();
        reads.setAllowedOrigins(List.copyOf(origins));
        reads.setAllowedMethods(List.of("GET"));
        reads.addAllowedHeader("*");
        reads.setMaxAge(3600L);
        source.registerCorsConfiguration(HEALTH, reads);
        source.registerCorsConfiguration(HEALTH + "/**", reads);
        CorsConfiguration management = new CorsConfiguration();
        management.setAllowedOrigins(List.copyOf(origins));
        management.setAllowedMethods(List.of("POST", "PUT", "DELETE"));
        management.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        management.setMaxAge(3600L);
        source.registerCorsConfiguration(MONITORS, management);
        source.registerCorsConfiguration(MONITORS + "/**", management);
        source.registerCorsConfiguration(MuteHandler.GROUPS + "/**", management);
        source.registerCorsConfiguration(CONFIG_RELOAD, management);
        return source;
    }
}
