package dev.library.secrets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Several backends seen as one: a name belongs to the first backend that holds it; a new
 * secret is written to the first writable backend.
 *
 * @author Library
 */
public class CompositeSecretStore implements SecretStore {

	private final List<SecretStore> stores;

	/**
	 * Create a composite.
	 * @param stores the backends, in order of precedence
	 */
	public CompositeSecretStore(List<SecretStore> stores) {
		this.stores = List.copyOf(stores);
	}

	/**
	 * Return the backends.
	 * @return the backends, in order of precedence
	 */
	public List<SecretStore> stores() {
		return this.stores;
	}

	@Override
	public String backend() {
		return "composite";
	}

	@Override
	public boolean isWritable() {
		return this.stores.stream().anyMatch(SecretStore::isWritable);
	}

	@Override
	public List<SecretMetadata> list() {
		Map<String, SecretMetadata> all = new LinkedHashMap<>();
		for (SecretStore store : this.stores) {
			store.list().forEach((metadata) -> all.putIfAbsent(metadata.name(), metadata));
		}
		List<SecretMetadata> sorted = new ArrayList<>(all.values());
		sorted.sort(Comparator.comparing(SecretMetadata::name));
		return sorted;
	}

	@Override
	public SecretMetadata metadata(String name) {
		return owner(name).metadata(name);
	}

	@Override
	public List<SecretVersion> versions(String name) {
		return owner(name).versions(name);
	}

	@Override
	public SecretValue read(String name) {
		return owner(name).read(name);
	}

	@Override
	public VersionedValue readCurrent(String name) {
		return owner(name).readCurrent(name);
	}

	@Override
	public SecretMetadata write(String name, SecretValue value, SecretStore.@Nullable Rotation rotation) {
		SecretStore owner = find(name);
		if (owner == null) {
			owner = this.stores.stream()
				.filter(SecretStore::isWritable)
				.findFirst()
				.orElseGet(() -> this.stores.get(0));
		}
		return owner.write(name, value, rotation);
	}

	@Override
	public void delete(String name) {
		owner(name).delete(name);
	}

	@Override
	public SecretMetadata undelete(String name) {
		return owner(name).undelete(name);
	}

	@Override
	public void verify() {
		this.stores.forEach(SecretStore::verify);
	}

	/**
	 * Return the backend that holds a secret.
	 * @param name the name
	 * @return the backend
	 */
	public SecretStore owner(String name) {
		SecretStore owner = find(name);
		if (owner == null) {
			throw new SecretNotFoundException(name);
		}
		return owner;
	}

	private @Nullable SecretStore find(String name) {
		SecretNames.check(name);
		for (SecretStore store : this.stores) {
			if (store.contains(name)) {
				return store;
			}
		}
		return null;
	}

}
