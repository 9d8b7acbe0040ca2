/**
 * The history API of DESIGN section 10: uptime, history points, incidents, SVG badges and GoDoxy's uptime JSON,
 * read from the {@link dev.healthmon.store.HistoryStore} and served as WebFlux functional routes.
 */
@NullMarked
package dev.healthmon.web.history;

import org.jspecify.annotations.NullMarked;
