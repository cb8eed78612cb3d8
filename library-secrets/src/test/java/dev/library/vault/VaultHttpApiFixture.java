package dev.library.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that speaks HashiCorp Vault's documented HTTP API for exactly the
 * calls Library makes, and nothing else: the tests of {@code dev.library.vault} run
 * against it, never against a real Vault (none can be installed where CI runs). Paths,
 * methods, status codes and JSON bodies follow Vault's API documentation
 * (developer.hashicorp.com/vault/api-docs):
 * <ul>
 * <li>KV v2 at {@code secret/}: {@code GET/POST/PUT/DELETE data/:path} (with
 * {@code options.cas}; a mismatch is 400 "check-and-set parameter did not match the
 * current version"), {@code GET/LIST/POST/DELETE metadata/:path} (with
 * {@code custom_metadata}), {@code POST delete/:path}, {@code POST undelete/:path}; a
 * missing or soft-deleted secret is 404;</li>
 * <li>{@code auth/token/lookup-self}, {@code renew-self}, {@code revoke-self};
 * {@code auth/approle/login}; {@code auth/kubernetes/login};</li>
 * <li>{@code database/creds/:role}, {@code sys/leases/renew},
 * {@code sys/leases/revoke};</li>
 * <li>{@code sys/health} (200 active, 503 sealed).</li>
 * </ul>
 * A missing, unknown or expired token is 403 {@code {"errors":["permission denied"]}}, as
 * Vault answers. Fault switches: {@link #expireTokensAfter(int)} (a token expires behind
 * the client's back, in the middle of an operation), {@link #refuseRenewals},
 * {@link #stop()} / {@link #start()} (Vault down and back on the same port),
 * {@link #seal}, {@link #changeBehindOnNextWrite(String)} (a concurrent writer).
 *
 * @author Library
 */
public final class VaultHttpApiFixture implements AutoCloseable {

	public static final String ROOT_TOKEN = "hvs.fixture-root-token-0123456789";

	static final String ROLE_ID = "library-role-id";

	static final String SECRET_ID = "library-secret-id-0123456789";

	static final String KUBERNETES_ROLE = "library";

	static final String KUBERNETES_JWT = "eyJhbGciOiJSUzI1NiJ9.fixture-service-account.signature";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Token> tokens = new LinkedHashMap<>();

	private final Map<String, KvSecret> kv = new TreeMap<>();

	private final Map<String, LeaseState> leases = new LinkedHashMap<>();

	/** Every request as "METHOD path", in order. */
	public final List<String> requests = new CopyOnWriteArrayList<>();

	/** Every token this fixture issued, to check none leaks. */
	final List<String> issuedTokens = new CopyOnWriteArrayList<>();

	final AtomicInteger logins = new AtomicInteger();

	final AtomicInteger renewals = new AtomicInteger();

	final AtomicInteger leaseRenewals = new AtomicInteger();

	final List<String> revokedLeases = new CopyOnWriteArrayList<>();

	/** Time-to-live of tokens issued by logins. */
	volatile Duration loginTtl = Duration.ofHours(1);

	/** Time-to-live and maximum TTL of database credential leases. */
	public volatile Duration leaseTtl = Duration.ofHours(1);

	public volatile Duration leaseMaxTtl = Duration.ofHours(24);

	volatile boolean refuseRenewals;

	volatile boolean seal;

	/**
	 * Told the user name and password of each set of database credentials before they are
	 * answered, as Vault's database engine runs its creation statements: a test creates
	 * the role in a real database here.
	 */
	public volatile BiConsumer<String, String> onCredentialsIssued = (username, password) -> {
	};

	private int expireAfter = -1;

	private @Nullable String changeBehind;

	private int port;

	private @Nullable HttpServer server;

	private @Nullable SSLContext tls;

	private @Nullable ExecutorService executor;

	public VaultHttpApiFixture() {
		this.tokens.put(ROOT_TOKEN, new Token(null, false));
	}

	/**
	 * Start answering, on a random port the first time and on the same port after.
	 * @return this fixture
	 */
	public synchronized VaultHttpApiFixture start() {
		try {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port);
			HttpServer created;
			if (this.tls != null) {
				HttpsServer https = HttpsServer.create(address, 50);
				https.setHttpsConfigurator(new HttpsConfigurator(this.tls));
				created = https;
			}
			else {
				created = HttpServer.create(address, 50);
			}
			this.executor = Executors.newFixedThreadPool(4);
			created.setExecutor(this.executor);
			created.createContext("/v1/", this::handle);
			created.start();
			this.port = created.getAddress().getPort();
			this.server = created;
			return this;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stop answering: connections are refused, as with a Vault that is down.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Reserve a port and stop at once: Vault down from the start.
	 * @return this fixture
	 */
	public VaultHttpApiFixture startDown() {
		start();
		stop();
		return this;
	}

	public URI uri() {
		return URI.create(((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + this.port);
	}

	/**
	 * Answer over HTTPS from now on (call before {@link #start()}), as a Vault listener
	 * with TLS does.
	 * @param context the server's TLS context (its certificate and key)
	 * @return this fixture
	 */
	public synchronized VaultHttpApiFixture secure(SSLContext context) {
		this.tls = context;
		return this;
	}

	/**
	 * Let every issued token (not the root token) expire after this many more
	 * authenticated requests.
	 * @param requests the requests still answered
	 */
	synchronized void expireTokensAfter(int requests) {
		this.expireAfter = requests;
	}

	/**
	 * On the next write to this path, first write another version as a concurrent writer
	 * would.
	 * @param path the path under the mount, such as {@code library/db-password}
	 */
	synchronized void changeBehindOnNextWrite(String path) {
		this.changeBehind = path;
	}

	synchronized @Nullable Map<String, Object> currentData(String path) {
		KvSecret secret = this.kv.get(path);
		return (secret != null && !secret.versions.isEmpty()) ? secret.versions.get(secret.current).data : null;
	}

	synchronized int activeLeases() {
		return this.leases.size();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath().substring("/v1/".length());
			String query = exchange.getRequestURI().getQuery();
			String method = exchange.getRequestMethod();
			if ("GET".equals(method) && "list=true".equals(query)) {
				method = "LIST";
			}
			this.requests.add(method + " " + path);
			Map<String, Object> body = readBody(exchange.getRequestBody());
			Answer answer;
			synchronized (this) {
				answer = answer(method, path, body, exchange.getRequestHeaders().getFirst("X-Vault-Token"));
			}
			byte[] bytes = (answer.body != null) ? json.writeValueAsBytes(answer.body) : new byte[0];
			if (answer.body != null) {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
			}
			// No kept-alive connections: once stopped, the fixture refuses at once rather
			// than leaving the client waiting on a pooled connection for its read
			// timeout.
			exchange.getResponseHeaders().set("Connection", "close");
			exchange.sendResponseHeaders(answer.status, (bytes.length > 0) ? bytes.length : -1);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
	}

	private Answer answer(String method, String path, Map<String, Object> body, @Nullable String token) {
		if (path.equals("sys/health")) {
			Map<String, Object> health = new LinkedHashMap<>();
			health.put("initialized", true);
			health.put("sealed", this.seal);
			health.put("standby", false);
			health.put("performance_standby", false);
			health.put("replication_performance_mode", "disabled");
			health.put("replication_dr_mode", "disabled");
			health.put("server_time_utc", Instant.now().getEpochSecond());
			health.put("version", "1.17.2");
			health.put("cluster_name", "vault-cluster-fixture");
			health.put("cluster_id", "1c7a3a0e-0000-4000-8000-000000000000");
			return new Answer(this.seal ? 503 : 200, health);
		}
		if (this.seal) {
			return errors(503, "Vault is sealed");
		}
		if (path.equals("auth/approle/login") && method.equals("POST")) {
			if (!ROLE_ID.equals(body.get("role_id")) || !SECRET_ID.equals(body.get("secret_id"))) {
				return errors(400, "invalid role or secret ID");
			}
			return login("approle");
		}
		if (path.equals("auth/kubernetes/login") && method.equals("POST")) {
			if (!KUBERNETES_ROLE.equals(body.get("role")) || !KUBERNETES_JWT.equals(body.get("jwt"))) {
				return errors(400, "invalid role name or service account token");
			}
			return login("kubernetes");
		}
		Token session = (token != null) ? this.tokens.get(token) : null;
		if (session == null || session.expired()) {
			return errors(403, "permission denied");
		}
		if (this.expireAfter == 0) {
			this.tokens.values().stream().filter((issued) -> issued.expires != null).forEach(Token::expire);
			this.expireAfter = -1;
			if (session.expires != null) {
				return errors(403, "permission denied");
			}
		}
		else if (this.expireAfter > 0) {
			this.expireAfter--;
		}
		if (path.equals("auth/token/lookup-self")) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("accessor", "8609694a-cdbc-db9b-d345-e782dbb562ed");
			data.put("creation_time", 1523979354);
			data.put("creation_ttl", (session.ttl() != null) ? session.ttl().toSeconds() : 0);
			data.put("display_name", "fixture");
			data.put("entity_id", "");
			data.put("expire_time", (session.expires != null) ? session.expires.toString() : null);
			data.put("explicit_max_ttl", 0);
			data.put("id", token);
			data.put("issue_time", "2018-04-17T11:35:54.466476078-04:00");
			data.put("meta", null);
			data.put("num_uses", 0);
			data.put("orphan", false);
			data.put("path", "auth/token/create");
			data.put("policies", List.of("default", "library"));
			data.put("renewable", session.renewable);
			data.put("ttl", (session.ttl() != null) ? session.ttl().toSeconds() : 0);
			return new Answer(200, envelope(data, null));
		}
		if (path.equals("auth/token/renew-self")) {
			if (!session.renewable || this.refuseRenewals) {
				return errors(400, "lease is not renewable");
			}
			this.renewals.incrementAndGet();
			session.expires = Instant.now().plus(this.loginTtl);
			return new Answer(200, envelope(null, auth(token, this.loginTtl)));
		}
		if (path.equals("auth/token/revoke-self")) {
			this.tokens.remove(token);
			return new Answer(204, null);
		}
		if (path.startsWith("database/creds/") && method.equals("GET")) {
			String leaseId = path + "/" + UUID.randomUUID();
			this.leases.put(leaseId, new LeaseState(Instant.now().plus(this.leaseMaxTtl)));
			int generation = this.leases.size() + this.revokedLeases.size();
			String role = path.substring("database/creds/".length());
			String username = "v-approle-" + role + "-" + generation + "-"
					+ UUID.randomUUID().toString().substring(0, 8);
			String password = "A1a-generated-password-" + generation + "-" + UUID.randomUUID();
			this.onCredentialsIssued.accept(username, password);
			Map<String, Object> answer = envelope(Map.of("username", username, "password", password), null);
			answer.put("lease_id", leaseId);
			answer.put("renewable", true);
			answer.put("lease_duration", this.leaseTtl.toSeconds());
			return new Answer(200, answer);
		}
		if (path.equals("sys/leases/renew") && (method.equals("PUT") || method.equals("POST"))) {
			String leaseId = String.valueOf(body.get("lease_id"));
			LeaseState lease = this.leases.get(leaseId);
			if (lease == null) {
				return errors(400, "lease not found");
			}
			this.leaseRenewals.incrementAndGet();
			long left = Math.max(0, Duration.between(Instant.now(), lease.maxExpires).toSeconds());
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("lease_id", leaseId);
			answer.put("renewable", true);
			answer.put("lease_duration", Math.min(this.leaseTtl.toSeconds(), left));
			return new Answer(200, answer);
		}
		if (path.equals("sys/leases/revoke") && (method.equals("PUT") || method.equals("POST"))) {
			String leaseId = String.valueOf(body.get("lease_id"));
			this.leases.remove(leaseId);
			this.revokedLeases.add(leaseId);
			return new Answer(204, null);
		}
		if (path.startsWith("secret/")) {
			return keyValue(method, path.substring("secret/".length()), body);
		}
		return errors(404, "no handler for route \"" + path + "\"");
	}

	private Answer keyValue(String method, String path, Map<String, Object> body) {
		int slash = path.indexOf('/');
		String operation = (slash < 0) ? path : path.substring(0, slash);
		String key = (slash < 0) ? "" : path.substring(slash + 1);
		KvSecret secret = this.kv.get(key);
		switch (operation + " " + method) {
			case "data GET" -> {
				if (secret == null || secret.versions.isEmpty()) {
					return errors(404);
				}
				Version version = secret.versions.get(secret.current);
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("data", version.deleted() ? null : version.data);
				data.put("metadata", version.describe(secret.current, secret.custom));
				return new Answer(version.deleted() ? 404 : 200, envelope(data, null));
			}
			case "data POST", "data PUT" -> {
				if (key.equals(this.changeBehind)) {
					this.changeBehind = null;
					KvSecret other = this.kv.computeIfAbsent(key, (name) -> new KvSecret());
					other.add(Map.of("value", "written-by-someone-else"));
				}
				KvSecret target = this.kv.computeIfAbsent(key, (name) -> new KvSecret());
				if (body.get("options") instanceof Map<?, ?> options && options.get("cas") instanceof Number cas
						&& cas.intValue() != target.current) {
					return errors(400, "check-and-set parameter did not match the current version");
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> data = (Map<String, Object>) body.get("data");
				if (data == null) {
					return errors(400, "no data provided");
				}
				target.add(data);
				return new Answer(200,
						envelope(target.versions.get(target.current).describe(target.current, target.custom), null));
			}
			case "data DELETE" -> {
				if (secret != null && !secret.versions.isEmpty()) {
					secret.versions.get(secret.current).deletionTime = Instant.now();
				}
				return new Answer(204, null);
			}
			case "delete POST", "undelete POST" -> {
				if (secret != null && body.get("versions") instanceof List<?> versions) {
					for (Object number : versions) {
						Version version = secret.versions.get(((Number) number).intValue());
						if (version != null) {
							version.deletionTime = operation.equals("delete") ? Instant.now() : null;
						}
					}
				}
				return new Answer(204, null);
			}
			case "metadata GET" -> {
				if (secret == null) {
					return errors(404);
				}
				Map<String, Object> versions = new LinkedHashMap<>();
				secret.versions.forEach((number, version) -> {
					Map<String, Object> described = version.describe(number, null);
					described.remove("version");
					described.remove("custom_metadata");
					versions.put(String.valueOf(number), described);
				});
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("cas_required", false);
				data.put("created_time", secret.created.toString());
				data.put("current_version", secret.current);
				data.put("custom_metadata", secret.custom.isEmpty() ? null : secret.custom);
				data.put("delete_version_after", "0s");
				data.put("max_versions", 0);
				data.put("oldest_version", 0);
				data.put("updated_time", secret.updated.toString());
				data.put("versions", versions);
				return new Answer(200, envelope(data, null));
			}
			case "metadata LIST" -> {
				String prefix = key.isEmpty() ? "" : (key.endsWith("/") ? key : key + "/");
				List<String> keys = new ArrayList<>();
				this.kv.keySet().stream().filter((name) -> name.startsWith(prefix)).forEach((name) -> {
					String rest = name.substring(prefix.length());
					String child = rest.contains("/") ? rest.substring(0, rest.indexOf('/') + 1) : rest;
					if (!keys.contains(child)) {
						keys.add(child);
					}
				});
				return keys.isEmpty() ? errors(404) : new Answer(200, envelope(Map.of("keys", keys), null));
			}
			case "metadata POST", "metadata PUT" -> {
				KvSecret target = this.kv.computeIfAbsent(key, (name) -> new KvSecret());
				if (body.get("custom_metadata") instanceof Map<?, ?> custom) {
					target.custom.clear();
					custom.forEach((name, value) -> target.custom.put(String.valueOf(name), String.valueOf(value)));
				}
				return new Answer(204, null);
			}
			case "metadata DELETE" -> {
				this.kv.remove(key);
				return new Answer(204, null);
			}
			default -> {
				return errors(405);
			}
		}
	}

	private Answer login(String method) {
		this.logins.incrementAndGet();
		String token = "hvs.fixture-" + method + "-" + UUID.randomUUID();
		this.tokens.put(token, new Token(Instant.now().plus(this.loginTtl), true));
		this.issuedTokens.add(token);
		return new Answer(200, envelope(null, auth(token, this.loginTtl)));
	}

	private static Map<String, Object> auth(String token, Duration ttl) {
		Map<String, Object> auth = new LinkedHashMap<>();
		auth.put("client_token", token);
		auth.put("accessor", "0e9e354a-520f-df04-6867-ee81cae3d42d");
		auth.put("policies", List.of("default", "library"));
		auth.put("token_policies", List.of("default", "library"));
		auth.put("metadata", null);
		auth.put("lease_duration", ttl.toSeconds());
		auth.put("renewable", true);
		auth.put("entity_id", "");
		auth.put("token_type", "service");
		auth.put("orphan", true);
		return auth;
	}

	private static Map<String, Object> envelope(@Nullable Object data, @Nullable Map<String, Object> auth) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("request_id", UUID.randomUUID().toString());
		envelope.put("lease_id", "");
		envelope.put("renewable", false);
		envelope.put("lease_duration", 0);
		envelope.put("data", data);
		envelope.put("wrap_info", null);
		envelope.put("warnings", null);
		envelope.put("auth", auth);
		return envelope;
	}

	private static Answer errors(int status, String... errors) {
		return new Answer(status, Map.of("errors", List.of(errors)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> readBody(InputStream in) throws IOException {
		byte[] bytes = in.readAllBytes();
		if (bytes.length == 0) {
			return Map.of();
		}
		Object parsed = json.readValue(new String(bytes, StandardCharsets.UTF_8), Object.class);
		return (parsed instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private record Answer(int status, @Nullable Object body) {

	}

	private static final class Token {

		@Nullable Instant expires;

		final boolean renewable;

		Token(@Nullable Instant expires, boolean renewable) {
			this.expires = expires;
			this.renewable = renewable;
		}

		boolean expired() {
			return this.expires != null && !Instant.now().isBefore(this.expires);
		}

		void expire() {
			this.expires = Instant.now().minusSeconds(1);
		}

		@Nullable Duration ttl() {
			return (this.expires != null) ? Duration.between(Instant.now(), this.expires) : null;
		}

	}

	private static final class KvSecret {

		final TreeMap<Integer, Version> versions = new TreeMap<>();

		final Map<String, String> custom = new LinkedHashMap<>();

		final Instant created = Instant.now();

		Instant updated = this.created;

		int current;

		void add(Map<String, Object> data) {
			this.current++;
			this.updated = Instant.now();
			this.versions.put(this.current, new Version(new LinkedHashMap<>(data), this.updated));
		}

	}

	private static final class Version {

		final Map<String, Object> data;

		final Instant created;

		@Nullable Instant deletionTime;

		Version(Map<String, Object> data, Instant created) {
			this.data = data;
			this.created = created;
		}

		boolean deleted() {
			return this.deletionTime != null;
		}

		Map<String, Object> describe(int number, @Nullable Map<String, String> custom) {
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("created_time", this.created.toString());
			metadata.put("custom_metadata", (custom == null || custom.isEmpty()) ? null : custom);
			metadata.put("deletion_time", (this.deletionTime != null) ? this.deletionTime.toString() : "");
			metadata.put("destroyed", false);
			metadata.put("version", number);
			return metadata;
		}

	}

	private record LeaseState(Instant maxExpires) {

	}

}
