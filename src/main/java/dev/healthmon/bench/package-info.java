/**
 * The benchmark of DESIGN section 14: {@code healthmon bench} runs the service with many monitors against its own
 * target processes and prints what a check costs; {@code bench store} times the history store.
 */
@NullMarked
package dev.healthmon.bench;

import org.jspecify.annotations.NullMarked;
