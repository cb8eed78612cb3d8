package dev.library.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of PostgreSQL that can stop relaying bytes while keeping every
 * connection open: a server that hangs rather than one that refuses, so that only
 * timeouts tell the client.
 *
 * @author Library
 */
final class FreezingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private boolean frozen;

	private volatile boolean closed;

	FreezingProxy(String targetHost, int targetPort) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		Thread acceptor = new Thread(this::accept, "freezing-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	void freeze() {
		synchronized (this.lock) {
			this.frozen = true;
		}
	}

	void thaw() {
		synchronized (this.lock) {
			this.frozen = false;
			this.lock.notifyAll();
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				Socket target = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				pump(client, target);
				pump(target, client);
			}
			catch (IOException ex) {
				// closed, or the target refused: the client sees its connection end
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					awaitThawed();
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "freezing-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitThawed() throws InterruptedException {
		synchronized (this.lock) {
			while (this.frozen && !this.closed) {
				this.lock.wait(100);
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		this.closed = true;
		thaw();
		closeQuietly(this.server);
		this.sockets.forEach(FreezingProxy::closeQuietly);
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
