package dev.library.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Scheduler;

import org.springframework.util.Assert;

/**
 * The resource pools of the platform, by name. Adapters create the pool of the bus or
 * port they share and look it up by name.
 *
 * @author Library
 */
public class ResourcePools {

	private final Map<String, ResourcePool<?>> pools = new ConcurrentHashMap<>();

	private final Scheduler timer;

	private final MeterRegistry meters;

	/**
	 * Create a new instance.
	 * @param timer where acquire timeouts are scheduled
	 * @param meters where pool meters are registered
	 */
	public ResourcePools(Scheduler timer, MeterRegistry meters) {
		this.timer = timer;
		this.meters = meters;
	}

	/**
	 * Create and register a pool.
	 * @param <T> the resource type
	 * @param name the pool's name, such as {@code i2c-1}: a configured name (it is a
	 * meter tag)
	 * @param resources its resources
	 * @return the pool
	 * @throws IllegalStateException if a pool of that name exists
	 */
	public <T> ResourcePool<T> create(String name, List<T> resources) {
		Assert.state(!this.pools.containsKey(name), () -> "A resource pool named '" + name + "' exists");
		ResourcePool<T> pool = new ResourcePool<>(name, resources, this.timer, this.meters);
		Assert.state(this.pools.putIfAbsent(name, pool) == null, () -> "A resource pool named '" + name + "' exists");
		return pool;
	}

	/**
	 * Return a pool.
	 * @param <T> the resource type the caller expects
	 * @param name its name
	 * @param type the resource type the caller expects
	 * @return the pool, or empty; the resource type is not checked (pools are looked up
	 * by the code that created them)
	 */
	@SuppressWarnings("unchecked")
	public <T> Optional<ResourcePool<T>> get(String name, Class<T> type) {
		return Optional.ofNullable(this.pools.get(name)).map((pool) -> (ResourcePool<T>) pool);
	}

	/**
	 * Return the names of the pools.
	 * @return the names, sorted
	 */
	public Set<String> names() {
		return new TreeSet<>(this.pools.keySet());
	}

}
