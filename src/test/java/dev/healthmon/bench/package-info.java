/**
 * Benchmarks that print figures; run on demand, never part of the test suite.
 */
@NullMarked
package dev.healthmon.bench;

import org.jspecify.annotations.NullMarked;
