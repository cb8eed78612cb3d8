package dev.library.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ResourcePool} and {@link ResourcePools}.
 *
 * @author Library
 */
class ResourcePoolTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ResourcePools pools = new ResourcePools(Schedulers.parallel(), this.meters);

	@Test
	void acquireShouldLeaseAFreeResourceAndReleaseShouldGiveItBack() {
		ResourcePool<String> pool = this.pools.create("i2c-1", List.of("bus"));
		Lease<String> lease = pool.acquire(Duration.ofSeconds(1)).block();
		assertThat(lease.resource()).isEqualTo("bus");
		assertThat(gauge("library.pool.active")).isEqualTo(1);
		assertThat(gauge("library.pool.idle")).isZero();
		lease.release();
		lease.release();
		assertThat(lease.isReleased()).isTrue();
		assertThatIllegalStateException().isThrownBy(lease::resource);
		assertThat(gauge("library.pool.active")).isZero();
		assertThat(gauge("library.pool.idle")).isEqualTo(1);
		assertThat(
				this.meters.get("library.pool.acquire").tag("pool", "i2c-1").tag("outcome", "success").timer().count())
			.isEqualTo(1);
	}

	@Test
	void waitersShouldGetTheResourceInTheOrderTheyAsked() {
		ResourcePool<String> pool = this.pools.create("can0", List.of("socket"));
		Lease<String> holder = pool.acquire(Duration.ofSeconds(1)).block();
		List<Integer> order = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 5; i++) {
			int n = i;
			pool.acquire(Duration.ofSeconds(10)).subscribe((lease) -> {
				order.add(n);
				lease.release();
			});
		}
		assertThat(gauge("library.pool.pending")).isEqualTo(5);
		holder.release();
		assertThat(order).containsExactly(0, 1, 2, 3, 4);
		assertThat(gauge("library.pool.pending")).isZero();
		assertThat(gauge("library.pool.idle")).isEqualTo(1);
	}

	@Test
	void aNewcomerShouldQueueBehindWaitersWhenAResourceIsFree() {
		ResourcePool<String> pool = this.pools.create("can1", List.of("socket"));
		Lease<String> holder = pool.acquire(Duration.ofSeconds(1)).block();
		List<String> order = new CopyOnWriteArrayList<>();
		List<Lease<String>> held = new CopyOnWriteArrayList<>();
		pool.acquire(Duration.ofSeconds(10)).subscribe((lease) -> {
			order.add("waiter");
			held.add(lease);
		});
		holder.release();
		pool.acquire(Duration.ofSeconds(10)).subscribe((lease) -> order.add("newcomer"));
		assertThat(order).containsExactly("waiter");
		assertThat(pool.pending()).isEqualTo(1);
		held.get(0).release();
		assertThat(order).containsExactly("waiter", "newcomer");
	}

	@Test
	void aHungHolderShouldNotBlockOthersPastTheirTimeout() {
		ResourcePool<String> pool = this.pools.create("ttyUSB0", List.of("port"));
		pool.acquire(Duration.ofSeconds(1)).block();
		long start = System.nanoTime();
		StepVerifier.create(pool.acquire(Duration.ofMillis(200)))
			.expectError(PoolAcquireTimeoutException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isBetween(150L, 3000L);
		assertThat(gauge("library.pool.pending")).isZero();
		assertThat(this.meters.get("library.pool.acquire").tag("outcome", "timeout").timer().count()).isEqualTo(1);
	}

	@Test
	void aTimeoutShouldBeAServiceUnavailableProblemNamingThePool() {
		ResourcePool<String> pool = this.pools.create("spi-0", List.of("spi"));
		pool.acquire(Duration.ofSeconds(1)).block();
		StepVerifier.create(pool.acquire(Duration.ofMillis(50))).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(PoolAcquireTimeoutException.class);
			PoolAcquireTimeoutException timeout = (PoolAcquireTimeoutException) ex;
			assertThat(timeout.getStatusCode().value()).isEqualTo(503);
			assertThat(timeout.getBody().getType()).isEqualTo(PoolAcquireTimeoutException.TYPE);
			assertThat(timeout.getBody().getProperties()).containsEntry("pool", "spi-0");
			assertThat(timeout.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		}).verify(Duration.ofSeconds(5));
	}

	@Test
	void aCancelledWaiterShouldLeaveTheQueueAndNotTakeTheResource() {
		ResourcePool<String> pool = this.pools.create("i2c-2", List.of("bus"));
		Lease<String> holder = pool.acquire(Duration.ofSeconds(1)).block();
		Disposable waiting = pool.acquire(Duration.ofSeconds(10)).subscribe();
		assertThat(pool.pending()).isEqualTo(1);
		waiting.dispose();
		assertThat(pool.pending()).isZero();
		holder.release();
		assertThat(pool.idle()).isEqualTo(1);
		assertThat(this.meters.get("library.pool.acquire").tag("outcome", "cancelled").timer().count()).isEqualTo(1);
	}

	@Test
	void aPoolOfSeveralResourcesShouldLeaseEachOnce() {
		ResourcePool<String> pool = this.pools.create("modbus", List.of("a", "b"));
		Lease<String> first = pool.acquire(Duration.ofSeconds(1)).block();
		Lease<String> second = pool.acquire(Duration.ofSeconds(1)).block();
		assertThat(List.of(first.resource(), second.resource())).containsExactlyInAnyOrder("a", "b");
		assertThat(pool.active()).isEqualTo(2);
		List<String> third = new CopyOnWriteArrayList<>();
		pool.acquire(Duration.ofSeconds(5)).subscribe((lease) -> third.add(lease.resource()));
		assertThat(third).isEmpty();
		String freed = second.resource();
		second.release();
		assertThat(third).containsExactly(freed);
	}

	@Test
	void poolsShouldBeFoundByNameAndNamesBeUnique() {
		this.pools.create("i2c-1", List.of("bus"));
		assertThat(this.pools.get("i2c-1", String.class)).isPresent();
		assertThat(this.pools.get("i2c-9", String.class)).isEmpty();
		assertThat(this.pools.names()).containsExactly("i2c-1");
		assertThatIllegalStateException().isThrownBy(() -> this.pools.create("i2c-1", List.of("other")));
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

}
