/**
 * Secret storage behind one {@link dev.library.secrets.SecretStore} SPI: an encrypted
 * local store, Kubernetes secrets mounted as files, versions, rotation, audit and the
 * {@code /secrets} routes.
 */
@NullMarked
package dev.library.secrets;

import org.jspecify.annotations.NullMarked;
