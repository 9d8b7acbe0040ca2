/**
 * The public status page's API: the public monitors only, with the fields a stranger may see, and its live stream.
 */
@NullMarked
package dev.healthmon.web.status;

import org.jspecify.annotations.NullMarked;
