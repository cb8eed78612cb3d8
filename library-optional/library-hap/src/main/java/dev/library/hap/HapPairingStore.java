package dev.library.hap;

import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.library.secrets.SecretNotFoundException;
import dev.library.secrets.SecretStore;
import dev.library.secrets.SecretValue;
import io.github.hapjava.server.HomekitAuthInfo;
import io.github.hapjava.server.impl.HomekitServer;
import io.github.hapjava.server.impl.crypto.HAPSetupCodeUtils;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bridge's identity (MAC, long-term key, SRP salt, setup id) and its paired
 * controllers, kept as one secret in the {@link SecretStore}, so encrypted at rest and
 * surviving restarts. Every change is written before it is acknowledged: a pairing the
 * store cannot keep fails rather than being forgotten at the next restart.
 *
 * @author Library
 */
public class HapPairingStore implements HomekitAuthInfo {

	private static final Log logger = LogFactory.getLog(HapPairingStore.class);

	private static final Pattern SETUP_CODE = Pattern.compile("\\d{3}-\\d{2}-\\d{3}");

	// Codes HomeKit refuses (HAP specification, "Setup Code")
	private static final Set<String> REFUSED_CODES = Set.of("000-00-000", "111-11-111", "222-22-222", "333-33-333",
			"444-44-444", "555-55-555", "666-66-666", "777-77-777", "888-88-888", "999-99-999", "123-45-678",
			"876-54-321");

	private final SecretStore store;

	private final String secretName;

	private final JsonMapper jsonMapper;

	private final @Nullable String configuredSetupCode;

	private volatile @Nullable Pairing pairing;

	private volatile @Nullable String loadFailure;

	/**
	 * Create a store.
	 * @param store the secrets store
	 * @param secretName the secret's name
	 * @param jsonMapper maps the secret's JSON
	 * @param setupCode the configured setup code, or {@code null} to generate one
	 */
	public HapPairingStore(SecretStore store, String secretName, JsonMapper jsonMapper, @Nullable String setupCode) {
		if (setupCode != null && !isValidSetupCode(setupCode)) {
			throw new IllegalArgumentException("library.hap.setup-code must be ###-##-### and not a trivial code "
					+ "such as 111-11-111 or 123-45-678 (HomeKit refuses them)");
		}
		this.store = store;
		this.secretName = secretName;
		this.jsonMapper = jsonMapper;
		this.configuredSetupCode = setupCode;
	}

	/**
	 * Return whether a setup code is one HomeKit accepts.
	 * @param code the code
	 * @return whether it is valid
	 */
	public static boolean isValidSetupCode(String code) {
		return SETUP_CODE.matcher(code).matches() && !REFUSED_CODES.contains(code);
	}

	/**
	 * Read the pairing data, creating and storing a new identity the first time. Blocks
	 * (the secrets store reads files).
	 * @param layout a digest of the accessories; a change bumps the configuration number
	 * @throws IllegalStateException if the data cannot be read or a new identity cannot
	 * be stored
	 */
	public synchronized void load(String layout) {
		Pairing stored = null;
		try {
			SecretValue value = this.store.read(this.secretName);
			try {
				stored = this.jsonMapper.readValue(value.bytes(), Pairing.class);
			}
			finally {
				value.wipe();
			}
		}
		catch (SecretNotFoundException ex) {
			logger.info("No HomeKit bridge identity in secret '" + this.secretName + "' yet: creating one");
		}
		catch (RuntimeException ex) {
			this.loadFailure = "Secret '" + this.secretName + "' could not be read: " + ex.getMessage();
			throw new IllegalStateException(this.loadFailure, ex);
		}
		Pairing loaded = (stored != null) ? stored : newIdentity(null, 1, layout, List.of());
		if (!layout.equals(loaded.layout())) {
			loaded = loaded.withLayout(layout);
		}
		if (this.configuredSetupCode == null && loaded.setupCode() == null) {
			loaded = loaded.withSetupCode(generateSetupCode());
		}
		if (!loaded.equals(stored)) {
			save(loaded);
		}
		this.pairing = loaded;
	}

	/**
	 * Take a new accessory layout (a configuration reload changed the accessories): a
	 * different one bumps the configuration number, stored before it is advertised.
	 * @param layout a digest of the accessories
	 * @return the configuration number
	 */
	public synchronized int updateLayout(String layout) {
		Pairing current = current();
		if (!layout.equals(current.layout())) {
			Pairing next = current.withLayout(layout);
			save(next);
			this.pairing = next;
		}
		return current().configurationIndex();
	}

	/**
	 * Forget every paired controller and take a new identity (MAC, keys, setup id), so
	 * that the bridge can be paired again as a new accessory.
	 */
	public synchronized void reset() {
		Pairing current = current();
		Pairing fresh = newIdentity(current.setupCode(), current.configurationIndex() + 1, current.layout(), List.of());
		save(fresh);
		this.pairing = fresh;
	}

	/**
	 * Return the paired controllers.
	 * @return the controllers, without the bridge's MAC prefix hap-java adds
	 */
	public List<Controller> controllers() {
		Pairing pairing = this.pairing;
		if (pairing == null) {
			return List.of();
		}
		return pairing.controllers()
			.stream()
			.map((c) -> new Controller(shortName(pairing, c.username()), c.publicKey(), c.admin()))
			.toList();
	}

	/**
	 * Return the configuration number advertised over mDNS: it goes up when the
	 * accessories change, so that controllers read them again.
	 * @return the configuration number
	 */
	public int configurationIndex() {
		return current().configurationIndex();
	}

	/**
	 * Return the setup URI ({@code X-HM://...}) to show as a QR code.
	 * @param category the accessory category
	 * @return the URI
	 */
	public String setupUri(int category) {
		return HAPSetupCodeUtils.getSetupURI(getPin().replace("-", ""), getSetupId(), category);
	}

	/**
	 * Return why the data could not be read or written last, if it could not.
	 * @return the failure, or {@code null}
	 */
	public @Nullable String failure() {
		return this.loadFailure;
	}

	@Override
	public String getPin() {
		String code = this.configuredSetupCode;
		return (code != null) ? code : String.valueOf(current().setupCode());
	}

	@Override
	public String getSetupId() {
		return current().setupId();
	}

	@Override
	public String getMac() {
		return current().mac();
	}

	@Override
	public BigInteger getSalt() {
		return new BigInteger(current().salt());
	}

	@Override
	public byte[] getPrivateKey() {
		return Base64.getDecoder().decode(current().privateKey());
	}

	@Override
	public synchronized void createUser(String username, byte[] publicKey, boolean isAdmin) {
		Pairing current = current();
		List<Controller> controllers = new ArrayList<>(current.controllers());
		controllers.removeIf((c) -> c.username().equals(username));
		controllers.add(new Controller(username, Base64.getEncoder().encodeToString(publicKey), isAdmin));
		Pairing updated = current.withControllers(controllers);
		save(updated);
		this.pairing = updated;
		logger.info("HomeKit controller " + shortName(updated, username) + " paired");
	}

	@Override
	public void createUser(String username, byte[] publicKey) {
		createUser(username, publicKey, true);
	}

	@Override
	public synchronized void removeUser(String username) {
		Pairing current = current();
		List<Controller> controllers = new ArrayList<>(current.controllers());
		if (controllers.removeIf((c) -> c.username().equals(username))) {
			Pairing updated = current.withControllers(controllers);
			save(updated);
			this.pairing = updated;
			logger.info("HomeKit controller " + shortName(updated, username) + " removed");
		}
	}

	@Override
	public Collection<String> listUsers() {
		return current().controllers().stream().map(Controller::username).toList();
	}

	@Override
	public byte @Nullable [] getUserPublicKey(String username) {
		Pairing current = current();
		for (Controller controller : current.controllers()) {
			if (controller.username().equals(username)) {
				// hap-java asks for the key during pair-verify: the connection is now
				// this
				// controller's
				ControllerConnection connection = ControllerRequest.currentConnection();
				if (connection != null) {
					connection.verified(shortName(current, username));
				}
				return Base64.getDecoder().decode(controller.publicKey());
			}
		}
		return null;
	}

	@Override
	public boolean userIsAdmin(String username) {
		return current().controllers().stream().anyMatch((c) -> c.username().equals(username) && c.admin());
	}

	@Override
	public boolean hasUser() {
		return !current().controllers().isEmpty();
	}

	private Pairing current() {
		Pairing pairing = this.pairing;
		if (pairing == null) {
			throw new IllegalStateException("HomeKit pairing data not loaded");
		}
		return pairing;
	}

	private void save(Pairing pairing) {
		try {
			this.store.write(this.secretName, SecretValue.ofBytes(this.jsonMapper.writeValueAsBytes(pairing)), null);
			this.loadFailure = null;
		}
		catch (RuntimeException ex) {
			this.loadFailure = "Secret '" + this.secretName + "' could not be written: " + ex.getMessage();
			throw new IllegalStateException(this.loadFailure, ex);
		}
	}

	private static String shortName(Pairing pairing, String username) {
		return username.startsWith(pairing.mac()) ? username.substring(pairing.mac().length()) : username;
	}

	private static Pairing newIdentity(@Nullable String setupCode, int configurationIndex, @Nullable String layout,
			List<Controller> controllers) {
		try {
			return new Pairing(HomekitServer.generateMac(),
					Base64.getEncoder().encodeToString(HomekitServer.generateKey()),
					HomekitServer.generateSalt().toString(), HAPSetupCodeUtils.generateSetupId(), setupCode,
					configurationIndex, layout, controllers);
		}
		catch (InvalidAlgorithmParameterException ex) {
			throw new IllegalStateException("No Ed25519 key could be generated", ex);
		}
	}

	private static String generateSetupCode() {
		SecureRandom random = new SecureRandom();
		String code;
		do {
			code = String.format("%03d-%02d-%03d", random.nextInt(1000), random.nextInt(100), random.nextInt(1000));
		}
		while (!isValidSetupCode(code));
		return code;
	}

	/**
	 * A paired controller.
	 *
	 * @param username its pairing id
	 * @param publicKey its long-term public key, base64
	 * @param admin whether it may add and remove pairings
	 */
	public record Controller(String username, String publicKey, boolean admin) {

	}

	/**
	 * What the secret holds.
	 *
	 * @param mac the advertised device id
	 * @param privateKey the bridge's long-term Ed25519 key, base64
	 * @param salt the SRP salt
	 * @param setupId the setup id of the setup URI
	 * @param setupCode the generated setup code, or {@code null} when configured
	 * @param configurationIndex the configuration number
	 * @param layout a digest of the accessories the configuration number was given for
	 * @param controllers the paired controllers
	 */
	record Pairing(String mac, String privateKey, String salt, String setupId, @Nullable String setupCode,
			int configurationIndex, @Nullable String layout, List<Controller> controllers) {

		Pairing withLayout(String layout) {
			return new Pairing(this.mac, this.privateKey, this.salt, this.setupId, this.setupCode,
					this.configurationIndex + 1, layout, this.controllers);
		}

		Pairing withSetupCode(String setupCode) {
			return new Pairing(this.mac, this.privateKey, this.salt, this.setupId, setupCode, this.configurationIndex,
					this.layout, this.controllers);
		}

		Pairing withControllers(List<Controller> controllers) {
			return new Pairing(this.mac, this.privateKey, this.salt, this.setupId, this.setupCode,
					this.configurationIndex, this.layout, List.copyOf(controllers));
		}

	}

}
