/**
 * Probes: one non-blocking check of one kind of target, the factory that picks a probe from a URL and owns the
 * clients, and the helpers every probe shares; Docker and the agent have sub-packages of their own.
 */
@NullMarked
package dev.healthmon.core.probe;

import org.jspecify.annotations.NullMarked;
