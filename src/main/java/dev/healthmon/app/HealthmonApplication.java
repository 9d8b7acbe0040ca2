package dev.healthmon.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The healthmon service: monitors from {@code config/}, a JSON API and an SSE status stream. */
@SpringBootApplication
public class HealthmonApplication {

    /** Runs the service. */
    public static void main(String[] args) {
        SpringApplication.run(HealthmonApplication.class, args);
    }
}
