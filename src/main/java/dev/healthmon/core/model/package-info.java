/**
 * Values of the health monitor: statuses, check results, configuration, reducer state and events; no I/O.
 */
@NullMarked
package dev.healthmon.core.model;

import org.jspecify.annotations.NullMarked;
