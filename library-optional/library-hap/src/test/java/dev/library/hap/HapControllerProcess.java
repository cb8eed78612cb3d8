package dev.library.hap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real HomeKit controller of the tests, {@code src/test/node/controller.js} on
 * npm {@code hap-controller} 0.10.2, through a plan of steps, and returns one JSON result
 * per step.
 *
 * @author Library
 */
final class HapControllerProcess {

	static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

	private static final JsonMapper json = JsonMapper.builder().build();

	private HapControllerProcess() {
	}

	/**
	 * Install the controller from the committed lock file when it is missing (no install
	 * scripts: the BLE parts of hap-controller are not used).
	 */
	static void install(Path work) throws Exception {
		if (!Files.isDirectory(NODE_DIR.resolve("node_modules/hap-controller"))) {
			run(work, List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"),
					Duration.ofMinutes(5));
		}
	}

	static Map<String, Object> step(String op, Map<String, Object> arguments) {
		Map<String, Object> step = new LinkedHashMap<>(arguments);
		step.put("op", op);
		return step;
	}

	/**
	 * Run a plan.
	 * @param work where plans and logs go
	 * @param plan the plan's settings: {@code deviceId}, {@code port}, {@code address}
	 * ({@code discovered} to connect where the last discover step found the bridge),
	 * {@code pairingFile}
	 * @param steps the steps
	 * @return one result per step
	 */
	@SafeVarargs
	static List<JsonNode> run(Path work, Map<String, Object> plan, Map<String, Object>... steps) throws Exception {
		Path file = Files.createTempFile(work, "plan", ".json");
		Map<String, Object> content = new LinkedHashMap<>(plan);
		content.put("steps", steps);
		json.writeValue(file.toFile(), content);
		String output = run(work, List.of("node", NODE_DIR.resolve("controller.js").toString(), file.toString()),
				Duration.ofMinutes(2));
		List<JsonNode> lines = new ArrayList<>();
		for (String line : output.split("\n")) {
			if (line.startsWith("{")) {
				JsonNode node = json.readTree(line);
				assertThat(node.has("fatal")).as(line).isFalse();
				lines.add(node);
			}
		}
		assertThat(lines).as(output).hasSize(steps.length);
		return lines;
	}

	/**
	 * Return the accessories of an {@code accessories} step without values.
	 */
	static List<JsonNode> listing(JsonNode step) {
		List<JsonNode> accessories = new ArrayList<>();
		step.get("result").forEach(accessories::add);
		return withoutValues(accessories);
	}

	// Values change (a noisy temperature): compare the ids, types and formats only
	static List<JsonNode> withoutValues(List<JsonNode> accessories) {
		List<JsonNode> stripped = new ArrayList<>();
		for (JsonNode accessory : accessories) {
			JsonNode copy = accessory.deepCopy();
			for (JsonNode service : copy.get("services")) {
				for (JsonNode characteristic : service.get("characteristics")) {
					((ObjectNode) characteristic).remove("value");
				}
			}
			stripped.add(copy);
		}
		return stripped;
	}

	private static String run(Path work, List<String> command, Duration timeout)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile(work, "process", ".log");
		Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(command + " did not end within " + timeout + ":\n" + Files.readString(log));
		}
		String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(command + ":\n" + text).isZero();
		return text;
	}

}
