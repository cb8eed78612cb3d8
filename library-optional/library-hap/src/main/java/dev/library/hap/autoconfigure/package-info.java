/**
 * Auto-configuration of the hap component.
 */
@NullMarked
package dev.library.hap.autoconfigure;

import org.jspecify.annotations.NullMarked;
