/**
 * The agent probe: a target checked by a remote healthmon agent, and the client, TLS files and error it uses.
 */
@NullMarked
package dev.healthmon.core.probe.agent;

import org.jspecify.annotations.NullMarked;
