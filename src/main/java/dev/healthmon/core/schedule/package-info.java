/**
 * Timing and composition: the monitor pipeline, monitors and their lifetime, and the registry with its event stream.
 */
@NullMarked
package dev.healthmon.core.schedule;

import org.jspecify.annotations.NullMarked;
