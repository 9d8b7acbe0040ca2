/**
 * Notifications: turns the monitors' down and up events into provider messages and delivers them resiliently.
 */
@NullMarked
package dev.healthmon.notify;

import org.jspecify.annotations.NullMarked;
