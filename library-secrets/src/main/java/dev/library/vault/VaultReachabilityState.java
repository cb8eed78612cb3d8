package dev.library.vault;

import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.BooleanNode;

/**
 * Writes whether Vault can be reached to the state key {@value #KEY}: {@code true} with
 * quality {@code GOOD}, {@code false} with quality {@code BAD}, so that an alarm
 * definition (type {@code bad-quality} or {@code equals}) raises an alarm while Vault is
 * down.
 *
 * @author Library
 */
public class VaultReachabilityState implements Consumer<Boolean> {

	/**
	 * The state key written.
	 */
	public static final String KEY = "library.vault.reachable";

	private static final Logger logger = LoggerFactory.getLogger(VaultReachabilityState.class);

	private final Supplier<@Nullable StateStore> state;

	/**
	 * Create the writer.
	 * @param state gives the state store, or {@code null} when there is none
	 */
	public VaultReachabilityState(Supplier<@Nullable StateStore> state) {
		this.state = state;
	}

	@Override
	public void accept(Boolean reachable) {
		StateStore store = this.state.get();
		if (store == null) {
			return;
		}
		store.put(KEY, BooleanNode.valueOf(reachable), "vault", reachable ? Quality.GOOD : Quality.BAD)
			.subscribe(null, (failure) -> logger.warn("Cannot write {} = {}: {}", KEY, reachable,
					failure.getClass().getSimpleName()));
	}

}
