package dev.library.security.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds the decoder of bearer JWTs from {@code library.security.jwt.*}: keys from the
 * JWK set URI, or from the issuer's discovered configuration fetched on first use;
 * expiry, not-before, issuer and audience checked.
 */
final class JwtDecoderFactory {

	private JwtDecoderFactory() {
	}

	static ReactiveJwtDecoder create(SecurityProperties.Jwt properties) {
		URI issuer = properties.getIssuerUri();
		URI jwkSet = properties.getJwkSetUri();
		NimbusReactiveJwtDecoder decoder = (jwkSet != null)
				? NimbusReactiveJwtDecoder.withJwkSetUri(jwkSet.toString()).build()
				: NimbusReactiveJwtDecoder.withIssuerLocation(String.valueOf(issuer)).build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		if (issuer != null) {
			validators.add(new JwtIssuerValidator(issuer.toString()));
		}
		List<String> audiences = List.copyOf(properties.getAudiences());
		if (!audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.stream().anyMatch(audiences::contains)));
		}
		decoder.setJwtValidator(validators.isEmpty() ? JwtValidators.createDefault()
				: JwtValidators.createDefaultWithValidators(validators));
		return decoder;
	}

}
