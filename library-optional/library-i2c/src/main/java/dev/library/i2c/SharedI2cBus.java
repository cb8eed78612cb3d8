package dev.library.i2c;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.library.adapters.spi.AdapterException;
import dev.library.session.Lease;
import dev.library.session.PoolAcquireTimeoutException;
import dev.library.session.ResourcePool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One I2C bus as every instance on it and the commissioning scan share it. A transaction
 * first takes the bus's lease from its session pool ({@code i2c-<bus>}, one resource), so
 * the transactions of all instances are serialized in the order they asked; then it runs
 * on the bus's worker thread and is waited for at most its timeout. A chip that hangs
 * (holds the clock low, never finishes) thus fails its own transaction instead of
 * stalling the others: the worker it holds is abandoned and the next transaction gets a
 * fresh one. The kernel ends such a transfer with its own adapter timeout; until then the
 * next transfer on the bus may also time out.
 *
 * @author Library
 */
final class SharedI2cBus {

	private static final Log logger = LogFactory.getLog(SharedI2cBus.class);

	static final int BUS_WAIT_IN_TIMEOUTS = 3;

	private final int number;

	private final ResourcePool<Integer> pool;

	private @Nullable ExecutorService worker;

	private int workers;

	private boolean closed;

	SharedI2cBus(int number, ResourcePool<Integer> pool) {
		this.number = number;
		this.pool = pool;
	}

	/**
	 * Run one transaction while holding the bus. Must be called from a thread that may
	 * block (an adapter instance's thread, a bounded elastic worker), never from an event
	 * loop.
	 * @param <T> the result type
	 * @param what the transaction, for messages, such as
	 * {@code mcp23017@0x20 read 2 bytes}
	 * @param timeout how long the transaction may take
	 * @param transaction the transaction
	 * @return its result
	 * @throws I2cTimeoutException if the bus stayed busy or the transaction did not end
	 * in time
	 */
	<T> T execute(String what, Duration timeout, Supplier<T> transaction) {
		Lease<Integer> lease = acquire(what, timeout);
		try {
			Future<T> result = worker().submit(transaction::get);
			try {
				return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				result.cancel(true);
				abandonWorker(what);
				throw new I2cTimeoutException(what + " did not end within " + timeout.toMillis()
						+ " ms: the chip does not answer or holds the bus", null);
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof RuntimeException failure) ? failure
						: new AdapterException(what + " failed: " + ex.getCause(), ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				result.cancel(true);
				throw new AdapterException(what + " was interrupted", ex);
			}
		}
		finally {
			lease.release();
		}
	}

	/**
	 * Stop the worker; transactions fail from now on.
	 */
	synchronized void close() {
		this.closed = true;
		if (this.worker != null) {
			this.worker.shutdownNow();
			this.worker = null;
		}
	}

	private Lease<Integer> acquire(String what, Duration timeout) {
		Duration wait = timeout.multipliedBy(BUS_WAIT_IN_TIMEOUTS);
		try {
			Lease<Integer> lease = this.pool.acquire(wait).block();
			if (lease == null) {
				throw new AdapterException("I2C bus " + this.number + " was not granted for " + what);
			}
			return lease;
		}
		catch (PoolAcquireTimeoutException ex) {
			throw new I2cTimeoutException(
					"I2C bus " + this.number + " stayed busy for " + wait.toMillis() + " ms before " + what, ex);
		}
	}

	private synchronized ExecutorService worker() {
		if (this.closed) {
			throw new AdapterException("I2C bus " + this.number + " is closed");
		}
		if (this.worker == null) {
			String name = "i2c-bus-" + this.number + "-" + (++this.workers);
			this.worker = Executors.newSingleThreadExecutor((runnable) -> {
				Thread thread = new Thread(runnable, name);
				thread.setDaemon(true);
				return thread;
			});
		}
		return this.worker;
	}

	private synchronized void abandonWorker(String what) {
		logger.warn("I2C bus " + this.number + ": " + what + " hangs; its worker thread is abandoned");
		if (this.worker != null) {
			this.worker.shutdownNow();
			this.worker = null;
		}
	}

}
