package dev.library.vault;

import java.time.Duration;

import dev.library.vault.autoconfigure.VaultAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link VaultManager} against {@link VaultHttpApiFixture} over real HTTP: renewal before
 * expiry, a fresh login when renewal is refused, meters, and the token kept out of status
 * and logs.
 *
 * @author Library
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultManagerTests {

	private final VaultHttpApiFixture vault = new VaultHttpApiFixture().start();

	private final MutableClock clock = new MutableClock();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VaultAutoConfiguration.class))
		.withBean(MutableClock.class, () -> this.clock)
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("library.vault.enabled=true", "library.vault.uri=" + this.vault.uri(),
				"library.vault.authentication=approle", "library.vault.app-role.role-id=" + VaultHttpApiFixture.ROLE_ID,
				"library.vault.app-role.secret-id=" + VaultHttpApiFixture.SECRET_ID,
				"library.vault.token-renew-before=1m");

	@AfterEach
	void stopVault() {
		this.vault.close();
	}

	@Test
	void tokenShouldBeRenewedOnceItsTimeLeftFallsUnderTheMargin() {
		this.runner.run((context) -> {
			VaultManager manager = context.getBean(VaultManager.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			manager.getSessionToken();
			manager.renewIfDue();
			assertThat(this.vault.renewals).hasValue(0);
			assertThat(meters.get("library.vault.token.ttl").gauge().value()).isBetween(3500.0, 3600.0);

			this.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
			assertThat(meters.get("library.vault.token.ttl").gauge().value()).isLessThan(60);
			manager.renewIfDue();
			assertThat(this.vault.renewals).hasValue(1);
			assertThat(this.vault.logins).hasValue(1);
			assertThat(meters.get("library.vault.token.renewals").tag("outcome", "success").counter().count())
				.isEqualTo(1);
			assertThat(manager.status().ttl()).isGreaterThan(Duration.ofMinutes(59));
		});
	}

	@Test
	void refusedRenewalShouldBeFollowedByAFreshLogin() {
		this.runner.run((context) -> {
			VaultManager manager = context.getBean(VaultManager.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			manager.getSessionToken();
			this.vault.refuseRenewals = true;
			this.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
			manager.renewIfDue();
			assertThat(this.vault.logins).hasValue(2);
			assertThat(meters.get("library.vault.token.renewals").tag("outcome", "refused").counter().count())
				.isEqualTo(1);
			assertThat(meters.get("library.vault.logins").tag("outcome", "success").counter().count()).isEqualTo(2);
			assertThat(manager.status().ttl()).isGreaterThan(Duration.ofMinutes(59));
		});
	}

	@Test
	void configuredTokenShouldBeLookedUpAndNeverRenewedWhenItDoesNotExpire() {
		this.runner
			.withPropertyValues("library.vault.authentication=token",
					"library.vault.token=" + VaultHttpApiFixture.ROOT_TOKEN)
			.run((context) -> {
				VaultManager manager = context.getBean(VaultManager.class);
				manager.getSessionToken();
				assertThat(this.vault.requests).contains("GET auth/token/lookup-self");
				VaultManager.TokenStatus status = manager.status();
				assertThat(status.loggedIn()).isTrue();
				assertThat(status.ttl()).as("a token that never expires").isNull();
				assertThat(status.renewable()).isFalse();
				this.clock.advance(Duration.ofDays(400));
				manager.renewIfDue();
				manager.revoke();
				assertThat(this.vault.renewals).hasValue(0);
				assertThat(this.vault.requests).doesNotContain("POST auth/token/revoke-self");
			});
	}

	@Test
	void failedLoginShouldBeCountedAndNotShowTheSecretId() {
		this.runner.withPropertyValues("library.vault.app-role.secret-id=wrong-secret-id-9876").run((context) -> {
			VaultManager manager = context.getBean(VaultManager.class);
			assertThatException().isThrownBy(manager::getSessionToken)
				.satisfies((ex) -> assertThat(ex.toString()).doesNotContain("wrong-secret-id-9876"));
			assertThat(context.getBean(MeterRegistry.class)
				.get("library.vault.logins")
				.tag("outcome", "failure")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void tokenShouldNeverAppearInStatusOrLogs(CapturedOutput output) {
		this.runner.run((context) -> {
			VaultManager manager = context.getBean(VaultManager.class);
			manager.getSessionToken();
			VaultManager.TokenStatus status = manager.lookupSelf();
			assertThat(status.loggedIn()).isTrue();
			assertThat(status.renewable()).isTrue();
			this.vault.refuseRenewals = true;
			this.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
			manager.renewIfDue();
			manager.tokenRefused();
			manager.getSessionToken();
			manager.revoke();
			assertThat(this.vault.issuedTokens).hasSize(3);
			assertThat(status.toString()).doesNotContain(this.vault.issuedTokens);
			assertThat(output.getAll()).contains("Logged in to Vault").doesNotContain(this.vault.issuedTokens);
			assertThat(this.vault.requests).contains("POST auth/token/revoke-self");
		});
	}

}
