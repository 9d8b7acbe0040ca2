/**
 * The dashboard in a real headless Chromium, driven by Selenium, against the service in its own JVM.
 */
@NullMarked
package dev.healthmon.browser;

import org.jspecify.annotations.NullMarked;
