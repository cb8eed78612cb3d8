package dev.library.core.preload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Loads the classes named in a class list resource, in order and without initializing
 * them, until the list ends or the preloading is stopped. A class that is not there (the
 * list was made for another build) is counted and passed over.
 * <p>
 * The list has one binary class name per line; blank lines and lines starting with
 * {@code #} are ignored.
 *
 * @author Library
 */
final class ClassPreloading implements Runnable {

	private static final Log logger = LogFactory.getLog(ClassPreloading.class);

	private final ClassLoader classLoader;

	private final String classList;

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile boolean stopped;

	private volatile int listed;

	private volatile int loaded;

	private volatile int missing;

	ClassPreloading(ClassLoader classLoader, String classList) {
		this.classLoader = classLoader;
		this.classList = classList;
	}

	@Override
	public void run() {
		long startedAt = System.nanoTime();
		try {
			List<String> classNames = readClassList();
			this.listed = classNames.size();
			for (String className : classNames) {
				if (this.stopped) {
					break;
				}
				load(className);
			}
		}
		catch (IOException ex) {
			logger.debug("Could not read " + this.classList, ex);
		}
		finally {
			this.done.countDown();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Preloaded " + this.loaded + " of " + this.listed + " start-up classes in "
					+ (System.nanoTime() - startedAt) / 1_000_000 + " ms" + (this.stopped ? ", stopped at ready" : "")
					+ ((this.missing > 0) ? "; " + this.missing + " not on the class path" : ""));
		}
	}

	private List<String> readClassList() throws IOException {
		try (InputStream in = this.classLoader.getResourceAsStream(this.classList)) {
			if (in == null) {
				return List.of();
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

	private void load(String className) {
		try {
			// Loaded and defined only: static initializers run when the application
			// first uses the class, as they would without preloading.
			Class.forName(className, false, this.classLoader);
			this.loaded++;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			this.missing++;
		}
	}

	/**
	 * Stop before the next class: once the application is ready, the classes left are not
	 * needed for its start.
	 */
	void stop() {
		this.stopped = true;
	}

	boolean await(Duration timeout) throws InterruptedException {
		return this.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	int listed() {
		return this.listed;
	}

	int loaded() {
		return this.loaded;
	}

	int missing() {
		return this.missing;
	}

}
