/**
 * Registry of sessions (everything that holds a connection or a conversation) and bounded
 * pools of shared resources.
 */
@NullMarked
package dev.library.session;

import org.jspecify.annotations.NullMarked;
