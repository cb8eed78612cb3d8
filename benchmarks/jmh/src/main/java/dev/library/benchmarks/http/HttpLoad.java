package dev.library.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load against a running Library: {@code --connections} clients each
 * send one request after another for {@code --duration}, after a {@code --warmup} whose
 * requests are not counted, and the latency of every counted request is kept. Scenarios
 * run one after another against the same server, baseline first:
 * <ul>
 * <li>{@code livez}: {@code GET /health/livez}, the baseline (same server, filters and
 * transport, no work);</li>
 * <li>{@code get}: {@code GET /state/{key}} of one of {@code --keys} keys;</li>
 * <li>{@code put}: {@code PUT /state/{key}} of a number under one of {@code --keys} keys,
 * answered once the change is committed (the store's default durability);</li>
 * <li>{@code command}: {@code POST /devices/valve1/points/position} of the virtual plant,
 * alternating 0 and 10 %, answered once the adapter has confirmed the write by read-back
 * (validation, interlock, serialization per instance and audit included).</li>
 * </ul>
 * A request that does not answer 2xx counts as an error and fails the run. Set
 * {@code LIBRARY_TOKEN} to send {@code Authorization: Bearer <token>} with every request.
 * <p>
 * Usage: {@code HttpLoad --url http://localhost:8080 [--connections 16] [--duration 20]
 * [--warmup 5] [--keys 1000] [--scenarios livez,get,put,command]}.
 *
 * @author Library
 */
public final class HttpLoad {

	private final HttpClient client;

	private final URI base;

	private final int connections;

	private final Duration duration;

	private final Duration warmup;

	private final int keys;

	private final String authorization;

	/** Makes command ids unique across runs against one data directory. */
	private final long runId = System.currentTimeMillis();

	private HttpLoad(Map<String, String> options) {
		this.base = URI.create(options.getOrDefault("url", "http://localhost:8080"));
		this.connections = Integer.parseInt(options.getOrDefault("connections", "16"));
		this.duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "20")));
		this.warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
		this.keys = Integer.parseInt(options.getOrDefault("keys", "1000"));
		String token = System.getenv("LIBRARY_TOKEN");
		this.authorization = (token != null && !token.isBlank()) ? "Bearer " + token.strip() : "";
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = parse(args);
		HttpLoad load = new HttpLoad(options);
		List<String> scenarios = List.of(options.getOrDefault("scenarios", "livez,get,put").split(","));
		System.out.printf(Locale.ROOT, "%s: %d connections, %d s warm-up, %d s measured per scenario, %d keys%n",
				load.base, load.connections, load.warmup.toSeconds(), load.duration.toSeconds(), load.keys);
		load.seed();
		Map<String, Result> results = new LinkedHashMap<>();
		for (String scenario : scenarios) {
			Result result = load.run(load.requests(scenario.strip()));
			results.put(scenario.strip(), result);
		}
		System.out.printf(Locale.ROOT, "%n%-8s %10s %10s %10s %10s %10s %14s%n", "scenario", "requests", "req/s",
				"p50 ms", "p99 ms", "p99.9 ms", "req/s vs 1st");
		double baseline = results.values().iterator().next().perSecond();
		for (Map.Entry<String, Result> entry : results.entrySet()) {
			Result result = entry.getValue();
			System.out.printf(Locale.ROOT, "%-8s %10d %10.0f %10.2f %10.2f %10.2f %14.2f%n", entry.getKey(),
					result.count(), result.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
					result.percentileMillis(99.9), result.perSecond() / baseline);
		}
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 == args.length) {
				throw new IllegalArgumentException("Expected --name value pairs, got " + Arrays.toString(args));
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	/** Write every key once, so that GETs find them. */
	private void seed() throws IOException, InterruptedException {
		for (int i = 0; i < this.keys; i++) {
			send(put(i, 0));
		}
	}

	private IntFunction<HttpRequest> requests(String scenario) {
		AtomicLong counter = new AtomicLong();
		return switch (scenario) {
			case "livez" -> (client) -> request("/health/livez").GET().build();
			case "get" -> (client) -> request("/state/" + key(counter.getAndIncrement())).GET().build();
			case "put" -> (client) -> {
				long n = counter.getAndIncrement();
				return put((int) (n % this.keys), n);
			};
			case "command" -> (client) -> {
				long n = counter.getAndIncrement();
				return request("/devices/valve1/points/position").header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"value\": " + ((n % 2 == 0) ? 10 : 0)
							+ ", \"commandId\": \"bench-" + this.runId + "-" + n + "\"}"))
					.build();
			};
			default -> throw new IllegalArgumentException("Unknown scenario '" + scenario + "'");
		};
	}

	private HttpRequest put(int key, long value) {
		return request("/state/" + key(key)).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(Long.toString(value)))
			.build();
	}

	private String key(long n) {
		return "bench.tank" + (n % this.keys) + ".level";
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(30));
		if (!this.authorization.isEmpty()) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private void send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
					+ response.statusCode() + ": " + response.body());
		}
	}

	private Result run(IntFunction<HttpRequest> requests) throws Exception {
		long warmupEnd = System.nanoTime() + this.warmup.toNanos();
		long end = warmupEnd + this.duration.toNanos();
		List<Future<long[]>> clients = new ArrayList<>();
		try (ExecutorService executor = Executors.newFixedThreadPool(this.connections)) {
			for (int c = 0; c < this.connections; c++) {
				int client = c;
				clients.add(executor.submit(() -> {
					long[] latencies = new long[1 << 16];
					int count = 0;
					for (long start = System.nanoTime(); start < end; start = System.nanoTime()) {
						send(requests.apply(client));
						long stop = System.nanoTime();
						if (start >= warmupEnd) {
							if (count == latencies.length) {
								latencies = Arrays.copyOf(latencies, count * 2);
							}
							latencies[count++] = stop - start;
						}
					}
					return Arrays.copyOf(latencies, count);
				}));
			}
			long[][] perClient = new long[clients.size()][];
			int total = 0;
			for (int c = 0; c < perClient.length; c++) {
				perClient[c] = clients.get(c).get();
				total += perClient[c].length;
			}
			long[] all = new long[total];
			int at = 0;
			for (long[] latencies : perClient) {
				System.arraycopy(latencies, 0, all, at, latencies.length);
				at += latencies.length;
			}
			Arrays.sort(all);
			return new Result(all, this.duration);
		}
	}

	private record Result(long[] sortedNanos, Duration duration) {

		long count() {
			return this.sortedNanos.length;
		}

		double perSecond() {
			return this.sortedNanos.length / (this.duration.toNanos() / 1e9);
		}

		double percentileMillis(double percentile) {
			if (this.sortedNanos.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(percentile / 100 * this.sortedNanos.length) - 1;
			return this.sortedNanos[Math.max(0, index)] / 1e6;
		}

	}

}
