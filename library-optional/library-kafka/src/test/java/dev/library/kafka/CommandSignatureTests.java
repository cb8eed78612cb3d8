package dev.library.kafka;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CommandSignature}.
 *
 * @author Library
 */
class CommandSignatureTests {

	private final CommandSignature signature = new CommandSignature("secret");

	private final byte[] value = "{\"commandId\": \"1\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void signatureMadeWithTheSecretIsAccepted() {
		assertThat(this.signature.verify("scada", this.value, this.signature.sign("scada", this.value))).isTrue();
	}

	@Test
	void signatureOfAnotherPrincipalOrValueOrSecretIsRefused() {
		String signed = this.signature.sign("scada", this.value);
		assertThat(this.signature.verify("admin", this.value, signed)).isFalse();
		assertThat(this.signature.verify("scada", "{}".getBytes(StandardCharsets.UTF_8), signed)).isFalse();
		assertThat(new CommandSignature("other").verify("scada", this.value, signed)).isFalse();
		assertThat(this.signature.verify("scada", this.value, "not hex")).isFalse();
	}

}
