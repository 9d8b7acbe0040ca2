/**
 * Probes: one non-blocking check of one kind of target, and the factory that picks a probe from a URL.
 */
@NullMarked
package dev.healthmon.core.probe;

import org.jspecify.annotations.NullMarked;
