/**
 * Loading, on a second thread, the classes a start of the application is known to need.
 */
@NullMarked
package dev.library.core.preload;

import org.jspecify.annotations.NullMarked;
