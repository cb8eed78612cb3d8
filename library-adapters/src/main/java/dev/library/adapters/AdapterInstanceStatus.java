package dev.library.adapters;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /adapters/{id}} tells about an adapter instance.
 *
 * @param id the instance id
 * @param type its adapter type
 * @param enabled whether it is enabled
 * @param status its connection status
 * @param since when it got that status
 * @param lastError the last failure, or {@code null}
 * @param reconnects how often it connected again after losing the connection
 * @param devices the ids of its devices
 * @author Library
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdapterInstanceStatus(String id, String type, boolean enabled, AdapterStatus status, Instant since,
		@Nullable String lastError, long reconnects, List<String> devices) {

}
