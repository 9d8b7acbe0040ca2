/**
 * The Docker probe: a container checked through the Docker Engine API, with its daemon client and answers.
 */
@NullMarked
package dev.healthmon.core.probe.docker;

import org.jspecify.annotations.NullMarked;
