/**
 * The Spring Boot application: main, wiring and lifecycle of the service.
 */
@NullMarked
package dev.healthmon.app;

import org.jspecify.annotations.NullMarked;
