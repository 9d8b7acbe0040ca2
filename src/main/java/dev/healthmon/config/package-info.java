/**
 * Reading and validating the service's configuration into core records, with errors that name monitor and field.
 */
@NullMarked
package dev.healthmon.config;

import org.jspecify.annotations.NullMarked;
