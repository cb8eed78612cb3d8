/**
 * Registry of JSON Schemas (draft 2020-12 by default) that components and users register,
 * and validation of JSON payloads against them with every violation reported.
 */
@NullMarked
package dev.library.schema;

import org.jspecify.annotations.NullMarked;
