package dev.library.secrets;

import java.time.Instant;

/**
 * One kept version of a secret, without its value.
 *
 * @param version the version number, from 1
 * @param created when it was written
 * @param current whether reads return this version
 * @author Library
 */
public record SecretVersion(int version, Instant created, boolean current) {

}
