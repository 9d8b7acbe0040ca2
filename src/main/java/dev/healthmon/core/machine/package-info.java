/**
 * The status state machine: one pure reducer from (state, observation) to (next state, effects).
 */
@NullMarked
package dev.healthmon.core.machine;

import org.jspecify.annotations.NullMarked;
