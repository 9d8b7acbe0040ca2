/**
 * The HTTP face of the service: JSON views, monitor management, and the SSE stream with its per-client buffers.
 */
@NullMarked
package dev.healthmon.web;

import org.jspecify.annotations.NullMarked;
