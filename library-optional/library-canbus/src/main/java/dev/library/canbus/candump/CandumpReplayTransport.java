package dev.library.canbus.candump;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.library.canbus.CanFrame;
import dev.library.canbus.CanTransport;
import org.jspecify.annotations.Nullable;

/**
 * Replays a candump log as a bus: at the recorded pace times a speed factor, or as fast
 * as it can be read. Frames sent to it are kept (the latest few hundred) and, if an
 * output file is given, appended to it in candump's {@code -L} format.
 *
 * @author Library
 */
public class CandumpReplayTransport implements CanTransport {

	private static final int SENT_KEPT = 256;

	private final Path file;

	private final String interfaceName;

	private final double speed;

	private final @Nullable Path output;

	private final Object lock = new Object();

	private final Deque<CanFrame> sent = new ArrayDeque<>();

	private @Nullable BufferedReader reader;

	private @Nullable Writer writer;

	private volatile boolean closed;

	private int lineNumber;

	private long frames;

	private @Nullable Long firstTimestamp;

	private long startWallNanos;

	private volatile long lastBusTime = Long.MIN_VALUE;

	private volatile boolean finished;

	/**
	 * Create a replay.
	 * @param file the candump log
	 * @param interfaceName the interface name the frames appear on (the log's own names
	 * are not used, so that one log can stand for any interface)
	 * @param speed the pace: 1 the recorded one, 10 ten times faster, 0 as fast as
	 * possible
	 * @param output where sent frames are appended, or {@code null}
	 */
	public CandumpReplayTransport(Path file, String interfaceName, double speed, @Nullable Path output) {
		if (speed < 0 || Double.isNaN(speed)) {
			throw new IllegalArgumentException(
					"Replay speed must be 0 (as fast as possible) or positive, not " + speed);
		}
		this.file = file;
		this.interfaceName = interfaceName;
		this.speed = speed;
		this.output = output;
	}

	@Override
	public String interfaceName() {
		return this.interfaceName;
	}

	@Override
	public void open() throws IOException {
		this.closed = false;
		this.finished = false;
		this.reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8);
		if (this.output != null) {
			this.writer = Files.newBufferedWriter(this.output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		this.lineNumber = 0;
		this.frames = 0;
		this.firstTimestamp = null;
		this.lastBusTime = Long.MIN_VALUE;
		this.startWallNanos = System.nanoTime();
	}

	@Override
	public @Nullable ReceivedFrame receive() throws IOException {
		BufferedReader source = this.reader;
		if (source == null || this.closed) {
			return null;
		}
		String line;
		while ((line = source.readLine()) != null) {
			this.lineNumber++;
			LoggedFrame logged = CandumpFormat.parse(this.file.getFileName().toString(), this.lineNumber, line);
			if (logged == null) {
				continue;
			}
			long busTime = busTimeOf(logged);
			if (!pace(busTime)) {
				return null;
			}
			this.frames++;
			this.lastBusTime = busTime;
			return new ReceivedFrame(logged.frame(), busTime);
		}
		this.finished = true;
		return null;
	}

	/** Logs without timestamps (the screen format) are paced 1 ms a frame. */
	private long busTimeOf(LoggedFrame logged) {
		Long timestamp = logged.timestampNanos();
		long time = (timestamp != null) ? timestamp : this.frames * 1_000_000L;
		if (this.firstTimestamp == null) {
			this.firstTimestamp = time;
			this.startWallNanos = System.nanoTime();
		}
		return time;
	}

	private boolean pace(long busTime) {
		if (this.speed == 0 || this.firstTimestamp == null) {
			return !this.closed;
		}
		long due = this.startWallNanos + (long) ((busTime - this.firstTimestamp) / this.speed);
		synchronized (this.lock) {
			long wait;
			while (!this.closed && (wait = due - System.nanoTime()) > 0) {
				try {
					this.lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return !this.closed;
	}

	@Override
	public void send(CanFrame frame) throws IOException {
		synchronized (this.sent) {
			if (this.sent.size() == SENT_KEPT) {
				this.sent.removeFirst();
			}
			this.sent.addLast(frame);
		}
		Writer out = this.writer;
		if (out != null) {
			long time = busTimeNanos();
			synchronized (this.lock) {
				out.write(String.format("(%d.%06d) %s %s%n", time / 1_000_000_000L, (time % 1_000_000_000L) / 1000,
						this.interfaceName, frame.toCandump()));
				out.flush();
			}
		}
	}

	/**
	 * Return the frames sent, oldest first (the latest few hundred).
	 * @return the sent frames
	 */
	public List<CanFrame> sentFrames() {
		synchronized (this.sent) {
			return new ArrayList<>(this.sent);
		}
	}

	/**
	 * Return whether the whole log has been replayed.
	 * @return whether the end of the log was reached
	 */
	public boolean isFinished() {
		return this.finished;
	}

	/**
	 * Return the recorded time that corresponds to now, or {@link Long#MIN_VALUE} before
	 * the first frame.
	 * @return the bus time
	 */
	@Override
	public long busTimeNanos() {
		Long first = this.firstTimestamp;
		if (this.speed == 0 || first == null) {
			return this.lastBusTime;
		}
		return first + (long) ((System.nanoTime() - this.startWallNanos) * this.speed);
	}

	@Override
	public void close() {
		this.closed = true;
		synchronized (this.lock) {
			this.lock.notifyAll();
		}
		closeQuietly(this.reader);
		closeQuietly(this.writer);
		this.reader = null;
		this.writer = null;
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Closing a log or its output: nothing left to do.
			}
		}
	}

}
