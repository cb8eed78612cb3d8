package dev.library.database;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.library.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the platform, each a whole application on its own HTTP port, sharing
 * one real PostgreSQL database ({@code library.database.replication.mode=shared}).
 *
 * @author Library
 */
class SharedStateStoreIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	@TempDir
	static Path dataDir;

	private static TestPostgres.TestDatabase database;

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	/**
	 * Both replicas let the tests in as admin with this token (declared, never stored).
	 */
	private static final String ADMIN_TOKEN = "lib_replica-tests-admin-token-not-for-production";

	private static final String AUTHORIZATION = "Bearer " + ADMIN_TOKEN;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void startReplicas() {
		database = TestPostgres.createDatabase();
		replicaA = startReplica("a");
		replicaB = startReplica("b");
	}

	private static ConfigurableApplicationContext startReplica(String name) {
		return new SpringApplicationBuilder(ReplicaApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "library.enabled-components.database=true",
					"library.database.url=" + database.r2dbcUrl(), "library.database.username=" + database.username(),
					"library.database.password=" + database.password(), "library.database.replication.mode=shared",
					"library.database.replication.poll-interval=500ms",
					"library.security.bootstrap-token=" + ADMIN_TOKEN,
					// 8 writers retrying on conflicts write faster than one principal may
					"library.security.rate-limit.enabled=false", "library.state.data-dir=" + dataDir.resolve(name))
			.run();
	}

	@AfterAll
	static void stopReplicas() {
		if (replicaA != null) {
			replicaA.close();
		}
		if (replicaB != null) {
			replicaB.close();
		}
		database.restore();
		database.close();
	}

	@Test
	void bothReplicasUseTheSharedStore() {
		assertThat(replicaA.getBean(StateStore.class)).isInstanceOf(PostgresStateStore.class);
		assertThat(replicaB.getBean(StateStore.class)).isInstanceOf(PostgresStateStore.class);
		assertThat(replicaA.getBeanNamesForType(PostgresStatePersistence.class)).isEmpty();
		assertThat(replicaA.getBean("stateStoreHealthIndicator")).isInstanceOf(SharedStateStoreHealthIndicator.class);
		var health = replicaA.getBean(SharedStateStoreHealthIndicator.class).health().block(TIMEOUT);
		assertThat(health.getStatus().getCode()).isEqualTo("UP");
		assertThat(health.getDetails()).containsKeys("committedSequence", "writerQueueDepth", "watchers", "listening")
			.containsEntry("persistence", replicaA.getBean(PostgresStateStore.class).describe());
		MeterRegistry meters = replicaA.getBean(MeterRegistry.class);
		assertThat(meters.find("library.state.commit.duration").timer()).isNotNull();
		assertThat(meters.find("library.state.commit.batch.size").summary()).isNotNull();
		assertThat(meters.find("library.state.writer.pending").gauge()).isNotNull();
	}

	@Test
	void putOnOneReplicaIsSeenByAWatcherOnTheOtherAndByItsReads() throws Exception {
		BlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
		Disposable watch = watch(replicaB, "plant.tank1", null, events);
		try {
			HttpResponse<String> put = put(replicaA, "plant.tank1.level", "42", null);
			assertThat(put.statusCode()).isEqualTo(201);
			ServerSentEvent<String> event = nextChange(events);
			assertThat(event.data()).contains("\"key\":\"plant.tank1.level\"").contains("\"value\":42");
			HttpResponse<String> get = get(replicaB, "plant.tank1.level");
			assertThat(get.statusCode()).isEqualTo(200);
			assertThat(get.headers().firstValue("ETag")).isEqualTo(put.headers().firstValue("ETag"));
			assertThat(get.body()).contains("\"value\":42");
		}
		finally {
			watch.dispose();
		}
	}

	@Test
	void aStaleVersionFailsOnTheOtherReplicaWithPreconditionFailed() throws Exception {
		put(replicaA, "plant.valve.position", "1", null);
		String etag = get(replicaB, "plant.valve.position").headers().firstValue("ETag").orElseThrow();
		assertThat(put(replicaA, "plant.valve.position", "2", etag).statusCode()).isEqualTo(200);
		HttpResponse<String> stale = put(replicaB, "plant.valve.position", "3", etag);
		assertThat(stale.statusCode()).isEqualTo(412);
		assertThat(stale.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(get(replicaB, "plant.valve.position").body()).contains("\"value\":2");
	}

	@Test
	void eightWritersSpreadOverBothReplicasDoingCompareAndSetLoseNoUpdate() throws Exception {
		int writers = 8;
		int incrementsEach = 15;
		List<Future<Integer>> conflicts = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
			for (int w = 0; w < writers; w++) {
				ConfigurableApplicationContext replica = (w % 2 == 0) ? replicaA : replicaB;
				conflicts.add(pool.submit(() -> increment(replica, "plant.counter", incrementsEach)));
			}
			for (Future<Integer> writer : conflicts) {
				writer.get(2, TimeUnit.MINUTES);
			}
		}
		int total = writers * incrementsEach;
		for (ConfigurableApplicationContext replica : List.of(replicaA, replicaB)) {
			HttpResponse<String> get = get(replica, "plant.counter");
			assertThat(get.body()).contains("\"value\":" + total);
			assertThat(get.headers().firstValue("ETag")).hasValue("\"" + total + "\"");
		}
	}

	/**
	 * Read the counter, write it plus one with If-Match (If-None-Match: * to create it),
	 * retry on 412.
	 * @return the number of conflicts met
	 */
	private int increment(ConfigurableApplicationContext replica, String key, int times) throws Exception {
		int conflicts = 0;
		for (int done = 0; done < times;) {
			HttpResponse<String> current = get(replica, key);
			HttpRequest.Builder request = HttpRequest.newBuilder(uri(replica, "/state/" + key))
				.timeout(TIMEOUT)
				.header("Authorization", AUTHORIZATION)
				.header("Content-Type", "application/json");
			long value;
			if (current.statusCode() == 404) {
				request.header("If-None-Match", "*");
				value = 0;
			}
			else {
				request.header("If-Match", current.headers().firstValue("ETag").orElseThrow());
				String body = current.body();
				int at = body.indexOf("\"value\":") + 8;
				value = Long.parseLong(body.substring(at, body.indexOf(',', at)).trim());
			}
			HttpResponse<String> put = this.http.send(
					request.PUT(HttpRequest.BodyPublishers.ofString(Long.toString(value + 1))).build(),
					HttpResponse.BodyHandlers.ofString());
			if (put.statusCode() == 412) {
				conflicts++;
				continue;
			}
			assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
			done++;
		}
		return conflicts;
	}

	@Test
	void watcherOnOneReplicaResumesWithLastEventIdAfterChangesMadeOnTheOther() throws Exception {
		BlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
		Disposable watch = watch(replicaB, "plant.pump", null, events);
		String lastEventId;
		try {
			put(replicaA, "plant.pump.speed", "1", null);
			lastEventId = nextChange(events).id();
		}
		finally {
			watch.dispose();
		}
		put(replicaA, "plant.pump.speed", "2", null);
		put(replicaA, "plant.pump.state", "\"running\"", null);
		BlockingQueue<ServerSentEvent<String>> resumed = new LinkedBlockingQueue<>();
		Disposable resume = watch(replicaB, "plant.pump", lastEventId, resumed);
		try {
			ServerSentEvent<String> first = nextChange(resumed);
			ServerSentEvent<String> second = nextChange(resumed);
			assertThat(first.data()).contains("\"key\":\"plant.pump.speed\"").contains("\"value\":2");
			assertThat(second.data()).contains("\"key\":\"plant.pump.state\"");
			assertThat(Long.parseLong(first.id())).isGreaterThan(Long.parseLong(lastEventId));
			assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
			put(replicaA, "plant.pump.speed", "3", null);
			assertThat(nextChange(resumed).data()).contains("\"value\":3");
			assertThat(resumed.poll(300, TimeUnit.MILLISECONDS))
				.matches((event) -> event == null || !"change".equals(event.event()), "no change twice");
		}
		finally {
			resume.dispose();
		}
	}

	@Test
	void changesStillReachTheOtherReplicaAfterItsNotificationConnectionIsLost() throws Exception {
		PostgresStateStore storeB = replicaB.getBean(PostgresStateStore.class);
		awaitTrue(storeB::isListening);
		database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND query = 'LISTEN " + PostgresStateStore.CHANNEL + "'");
		BlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
		Disposable watch = watch(replicaB, "plant.mixer", null, events);
		try {
			put(replicaA, "plant.mixer.rpm", "900", null);
			assertThat(nextChange(events).data()).contains("\"value\":900");
			awaitTrue(storeB::isListening);
			put(replicaA, "plant.mixer.rpm", "1000", null);
			assertThat(nextChange(events).data()).contains("\"value\":1000");
		}
		finally {
			watch.dispose();
		}
	}

	private Disposable watch(ConfigurableApplicationContext replica, String prefix, String lastEventId,
			BlockingQueue<ServerSentEvent<String>> events) {
		MeterRegistry meters = replica.getBean(MeterRegistry.class);
		double before = watchers(meters);
		Disposable subscription = WebClient.create("http://127.0.0.1:" + port(replica))
			.get()
			.uri("/state/watch?prefix=" + prefix)
			.headers((headers) -> {
				headers.set("Authorization", AUTHORIZATION);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(SSE)
			.subscribe(events::add);
		awaitTrue(() -> watchers(meters) > before);
		return subscription;
	}

	private static void awaitTrue(BooleanSupplier condition) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as("condition met within " + TIMEOUT).isNegative();
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static double watchers(MeterRegistry meters) {
		return meters.get("library.state.watchers").gauge().value();
	}

	private static ServerSentEvent<String> nextChange(BlockingQueue<ServerSentEvent<String>> events)
			throws InterruptedException {
		for (;;) {
			ServerSentEvent<String> event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(event).as("a change event within " + TIMEOUT).isNotNull();
			if ("change".equals(event.event())) {
				return event;
			}
		}
	}

	private HttpResponse<String> put(ConfigurableApplicationContext replica, String key, String json, String ifMatch)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(replica, "/state/" + key))
			.timeout(TIMEOUT)
			.header("Authorization", AUTHORIZATION)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json));
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(ConfigurableApplicationContext replica, String key) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(replica, "/state/" + key))
			.timeout(TIMEOUT)
			.header("Authorization", AUTHORIZATION)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext replica, String path) {
		return URI.create("http://127.0.0.1:" + port(replica) + path);
	}

	private static int port(ConfigurableApplicationContext replica) {
		return replica.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReplicaApplication {

	}

}
