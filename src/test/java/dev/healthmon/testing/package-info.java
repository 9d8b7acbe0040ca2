/**
 * Shared test fakes: scripted probes and helpers; never used by main code.
 */
@NullMarked
package dev.healthmon.testing;

import org.jspecify.annotations.NullMarked;
