package dev.library.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps API token hashes in a JSON file that only the process owner may read, replaced
 * atomically on every change. Tokens are held in memory as well, so that authentication
 * never touches the disk.
 *
 * @author Library
 */
public class FileApiTokenStore implements ApiTokenStore {

	private final Path file;

	private final JsonMapper mapper;

	private volatile Map<String, ApiToken> byHash;

	/**
	 * Open the store, reading the file when it exists.
	 * @param file the file, such as {@code data/security/api-tokens.json}
	 * @param mapper the JSON mapper
	 * @throws IllegalStateException when the file exists but cannot be read as a token
	 * list
	 */
	public FileApiTokenStore(Path file, JsonMapper mapper) {
		this.file = file;
		this.mapper = mapper;
		this.byHash = read();
	}

	/**
	 * Return the file the tokens are kept in.
	 * @return the file
	 */
	public Path file() {
		return this.file;
	}

	@Override
	public List<ApiToken> list() {
		return this.byHash.values().stream().sorted(Comparator.comparing(ApiToken::name)).toList();
	}

	@Override
	public Optional<ApiToken> findByHash(String hash) {
		ApiToken token = this.byHash.get(hash);
		return (token != null && ApiTokenValues.hashesEqual(token.hash(), hash)) ? Optional.of(token)
				: Optional.empty();
	}

	@Override
	public synchronized void create(ApiToken token) {
		if (this.byHash.values().stream().anyMatch((existing) -> existing.name().equals(token.name()))) {
			throw new ApiTokenExistsException(token.name());
		}
		Map<String, ApiToken> updated = new LinkedHashMap<>(this.byHash);
		updated.put(token.hash(), token);
		write(updated);
		this.byHash = Map.copyOf(updated);
	}

	@Override
	public synchronized boolean revoke(String name) {
		Map<String, ApiToken> updated = new LinkedHashMap<>(this.byHash);
		if (!updated.values().removeIf((token) -> token.name().equals(name))) {
			return false;
		}
		write(updated);
		this.byHash = Map.copyOf(updated);
		return true;
	}

	private Map<String, ApiToken> read() {
		if (!Files.exists(this.file)) {
			return Map.of();
		}
		try {
			JsonNode root = this.mapper.readTree(Files.readAllBytes(this.file));
			Map<String, ApiToken> tokens = new LinkedHashMap<>();
			for (JsonNode node : root.path("tokens")) {
				Set<Role> roles = EnumSet.noneOf(Role.class);
				for (JsonNode role : node.path("roles")) {
					roles.add(Role.fromExternalName(role.asString())
						.orElseThrow(() -> new IllegalStateException("Unknown role " + role + " in " + this.file)));
				}
				ApiToken token = new ApiToken(node.required("name").asString(), roles,
						Instant.parse(node.required("created").asString()), node.required("sha256").asString());
				tokens.put(token.hash(), token);
			}
			return Map.copyOf(tokens);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the API tokens in " + this.file, ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("The API token file " + this.file + " is not valid: " + ex.getMessage(),
					ex);
		}
	}

	private void write(Map<String, ApiToken> tokens) {
		ObjectNode root = this.mapper.createObjectNode();
		ArrayNode array = root.putArray("tokens");
		List<ApiToken> sorted = new ArrayList<>(tokens.values());
		sorted.sort(Comparator.comparing(ApiToken::name));
		for (ApiToken token : sorted) {
			ObjectNode node = array.addObject();
			node.put("name", token.name());
			ArrayNode roles = node.putArray("roles");
			token.roles().stream().sorted().forEach((role) -> roles.add(role.externalName()));
			node.put("created", token.created().toString());
			node.put("sha256", token.hash());
		}
		try {
			OwnerOnlyFiles.writeAtomically(this.file,
					this.mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the API tokens to " + this.file, ex);
		}
	}

}
