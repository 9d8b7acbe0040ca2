/**
 * The agent: a Spring-free server that runs health checks where the targets live, for a remote healthmon.
 */
@NullMarked
package dev.healthmon.agent;

import org.jspecify.annotations.NullMarked;
