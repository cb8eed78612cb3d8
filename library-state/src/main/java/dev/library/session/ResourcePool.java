package dev.library.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

import org.springframework.util.Assert;

/**
 * A bounded pool of a shared resource (the handle of an I2C bus, a CAN socket, a serial
 * port, a remote connection): at most one holder per resource at a time. Waiting is fair:
 * acquirers get resources in the order they asked. Each acquirer waits at most its own
 * timeout, so a holder that hangs never blocks another one beyond that timeout.
 * <p>
 * Meters, tag {@code pool}: {@code library.pool.active}, {@code library.pool.idle},
 * {@code library.pool.pending} (gauges) and {@code library.pool.acquire} (timer, tag
 * {@code outcome} = {@code success}, {@code timeout} or {@code cancelled}).
 *
 * @param <T> the resource type
 * @author Library
 */
public final class ResourcePool<T> {

	private final String name;

	private final int size;

	private final ArrayDeque<T> idle;

	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	private final Scheduler timer;

	private final Timer success;

	private final Timer timeout;

	private final Timer cancelled;

	/**
	 * Create a pool of the given resources.
	 * @param name the pool name (a meter tag: a configured name, not a device id)
	 * @param resources the resources, at least one
	 * @param timer where acquire timeouts are scheduled
	 * @param meters where meters are registered
	 */
	public ResourcePool(String name, List<T> resources, Scheduler timer, MeterRegistry meters) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notEmpty(resources, "'resources' must not be empty");
		this.name = name;
		this.size = resources.size();
		this.idle = new ArrayDeque<>(resources);
		this.timer = timer;
		Gauge.builder("library.pool.active", this, ResourcePool::active)
			.description("Resources leased")
			.baseUnit("resources")
			.tag("pool", name)
			.register(meters);
		Gauge.builder("library.pool.idle", this, ResourcePool::idle)
			.description("Resources free")
			.baseUnit("resources")
			.tag("pool", name)
			.register(meters);
		Gauge.builder("library.pool.pending", this, ResourcePool::pending)
			.description("Acquirers waiting for a resource")
			.baseUnit("acquirers")
			.tag("pool", name)
			.register(meters);
		this.success = acquireTimer(name, "success", meters);
		this.timeout = acquireTimer(name, "timeout", meters);
		this.cancelled = acquireTimer(name, "cancelled", meters);
	}

	private static Timer acquireTimer(String pool, String outcome, MeterRegistry meters) {
		return Timer.builder("library.pool.acquire")
			.description("Time to acquire a resource")
			.tag("pool", pool)
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * Return the pool's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Acquire a resource. On subscription the caller takes its place in the queue; it
	 * gets a free resource at once if nobody waits before it.
	 * @param timeout how long to wait at most
	 * @return the lease, or a {@link PoolAcquireTimeoutException} when the timeout passes
	 * first; cancelling gives up the place in the queue (or the lease, if it was granted)
	 */
	public Mono<Lease<T>> acquire(Duration timeout) {
		Assert.isTrue(!timeout.isNegative(), "'timeout' must not be negative");
		return Mono.<Lease<T>>create((sink) -> enqueue(sink, timeout))
			.doOnDiscard(PooledLease.class, PooledLease::release);
	}

	/**
	 * Return the number of leased resources.
	 * @return the number
	 */
	public synchronized int active() {
		return this.size - this.idle.size();
	}

	/**
	 * Return the number of free resources.
	 * @return the number
	 */
	public synchronized int idle() {
		return this.idle.size();
	}

	/**
	 * Return the number of acquirers waiting.
	 * @return the number
	 */
	public synchronized int pending() {
		return this.waiters.size();
	}

	private void enqueue(MonoSink<Lease<T>> sink, Duration timeout) {
		Waiter waiter = new Waiter(sink, System.nanoTime());
		T granted = null;
		synchronized (this) {
			if (this.waiters.isEmpty() && !this.idle.isEmpty()) {
				granted = this.idle.poll();
			}
			else {
				this.waiters.add(waiter);
			}
		}
		if (granted != null) {
			grant(waiter, granted);
			return;
		}
		sink.onCancel(() -> {
			if (remove(waiter)) {
				waiter.cancelTimeout();
				this.cancelled.record(System.nanoTime() - waiter.start, TimeUnit.NANOSECONDS);
			}
		});
		waiter.timeoutTask = this.timer.schedule(() -> {
			if (remove(waiter)) {
				this.timeout.record(System.nanoTime() - waiter.start, TimeUnit.NANOSECONDS);
				sink.error(new PoolAcquireTimeoutException(this.name, timeout));
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private synchronized boolean remove(Waiter waiter) {
		Iterator<Waiter> iterator = this.waiters.iterator();
		while (iterator.hasNext()) {
			if (iterator.next() == waiter) {
				iterator.remove();
				return true;
			}
		}
		return false;
	}

	private void grant(Waiter waiter, T resource) {
		waiter.cancelTimeout();
		this.success.record(System.nanoTime() - waiter.start, TimeUnit.NANOSECONDS);
		waiter.sink.success(new PooledLease(resource));
	}

	private void giveBack(T resource) {
		Waiter next;
		synchronized (this) {
			next = this.waiters.poll();
			if (next == null) {
				this.idle.push(resource);
				return;
			}
		}
		grant(next, resource);
	}

	private final class Waiter {

		private final MonoSink<Lease<T>> sink;

		private final long start;

		private volatile @Nullable Disposable timeoutTask;

		Waiter(MonoSink<Lease<T>> sink, long start) {
			this.sink = sink;
			this.start = start;
		}

		void cancelTimeout() {
			Disposable task = this.timeoutTask;
			if (task != null) {
				task.dispose();
			}
		}

	}

	private final class PooledLease implements Lease<T> {

		private final T resource;

		private final AtomicBoolean released = new AtomicBoolean();

		PooledLease(T resource) {
			this.resource = resource;
		}

		@Override
		public T resource() {
			Assert.state(!this.released.get(), "The lease was released");
			return this.resource;
		}

		@Override
		public void release() {
			if (this.released.compareAndSet(false, true)) {
				giveBack(this.resource);
			}
		}

		@Override
		public boolean isReleased() {
			return this.released.get();
		}

	}

}
