package dev.library.database;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * PostgreSQL behind TLS with a certificate made at test time, without changing the test
 * server's configuration: a front that speaks PostgreSQL's TLS negotiation as the server
 * does (the client's SSLRequest, answered {@code S}, then the TLS handshake with this
 * front's certificate) and relays the decrypted protocol to the real server over plain
 * TCP. A client that does not ask for TLS is turned away, as a server with
 * {@code hostssl} rules only would. The driver's side (negotiation, handshake,
 * certificate and host name checks) is the real one.
 *
 * @author Library
 */
final class TlsPostgresFront implements AutoCloseable {

	private static final int SSL_REQUEST_CODE = 80877103;

	private final ServerSocket server;

	private final SSLContext sslContext;

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<String> negotiatedProtocols = new CopyOnWriteArrayList<>();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	TlsPostgresFront(SSLContext sslContext, String targetHost, int targetPort) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.sslContext = sslContext;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		Thread acceptor = new Thread(this::accept, "tls-postgres-front");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * The TLS protocol of every connection whose handshake completed.
	 */
	List<String> negotiatedProtocols() {
		return this.negotiatedProtocols;
	}

	/**
	 * Why connections were turned away or their handshake failed.
	 */
	List<String> failures() {
		return this.failures;
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				Thread connection = new Thread(() -> serve(client), "tls-postgres-front-connection");
				connection.setDaemon(true);
				connection.start();
			}
			catch (IOException ex) {
				if (!this.closed) {
					this.failures.add("accept: " + ex);
				}
			}
		}
	}

	private void serve(Socket client) {
		try {
			DataInputStream in = new DataInputStream(client.getInputStream());
			int length = in.readInt();
			int code = in.readInt();
			if (length != 8 || code != SSL_REQUEST_CODE) {
				this.failures.add("a client did not ask for TLS");
				client.close();
				return;
			}
			client.getOutputStream().write('S');
			client.getOutputStream().flush();
			SSLSocket tls = (SSLSocket) this.sslContext.getSocketFactory()
				.createSocket(client, client.getInetAddress().getHostAddress(), client.getPort(), true);
			tls.setUseClientMode(false);
			tls.startHandshake();
			this.negotiatedProtocols.add(tls.getSession().getProtocol());
			Socket target = new Socket(this.targetHost, this.targetPort);
			this.sockets.add(target);
			relay(tls.getInputStream(), target.getOutputStream(), target);
			relay(target.getInputStream(), tls.getOutputStream(), tls);
		}
		catch (IOException ex) {
			this.failures.add("handshake: " + ex.getMessage());
			closeQuietly(client);
		}
	}

	private void relay(InputStream from, OutputStream to, Socket toClose) {
		Thread relay = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try {
				int read;
				while ((read = from.read(buffer)) >= 0) {
					to.write(buffer, 0, read);
					to.flush();
				}
			}
			catch (IOException ex) {
				// one side went away: the other follows
			}
			closeQuietly(toClose);
		}, "tls-postgres-front-relay");
		relay.setDaemon(true);
		relay.start();
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.server.close();
		this.sockets.forEach(TlsPostgresFront::closeQuietly);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
