package dev.library.adapters;

import java.time.Duration;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Scaling, type checks and limits of {@link PointValues}.
 *
 * @author Library
 */
class PointValuesTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final PointConfig SCALED = new PointConfig("d", "temperature", "t", DataType.INTEGER, "°C", -40.0,
			125.0, Access.READ_WRITE, Duration.ofSeconds(1), 0.1, -40.0, "d.temperature", 0L);

	private static final PointConfig COUNT = new PointConfig("d", "count", "c", DataType.INTEGER, "", 0.0, 10.0,
			Access.READ_WRITE, null, 1.0, 0.0, "d.count", 0L);

	@Test
	void rawValuesAreScaledToEngineeringValuesAndBack() {
		assertThat(PointValues.toEngineering(SCALED, 652L).doubleValue()).isCloseTo(25.2,
				org.assertj.core.data.Offset.offset(1e-9));
		assertThat(PointValues.toRaw(SCALED, mapper.readTree("25.2"))).isEqualTo(652L);
		assertThat(PointValues.toEngineering(COUNT, 7L).isIntegralNumber()).isTrue();
	}

	@Test
	void valuesOutOfLimitsOrOfTheWrongTypeAreRefused() {
		assertThatExceptionOfType(InvalidPointValueException.class)
			.isThrownBy(() -> PointValues.toRaw(SCALED, mapper.readTree("130")))
			.withMessageContaining("must be at most 125 °C, got 130");
		assertThatExceptionOfType(InvalidPointValueException.class)
			.isThrownBy(() -> PointValues.toRaw(COUNT, mapper.readTree("-1")))
			.withMessageContaining("must be at least 0");
		assertThatExceptionOfType(InvalidPointValueException.class)
			.isThrownBy(() -> PointValues.toRaw(COUNT, mapper.readTree("1.5")))
			.withMessageContaining("must be a whole number");
		assertThatExceptionOfType(InvalidPointValueException.class)
			.isThrownBy(() -> PointValues.toRaw(COUNT, mapper.readTree("\"3\"")))
			.withMessageContaining("must be a number");
	}

	@Test
	void readBackComparesNumbersWithinRounding() {
		PointConfig level = new PointConfig("d", "level", "l", DataType.FLOAT, "", null, null, Access.READ_WRITE, null,
				1.0, 0.0, "d.level", 0.0);
		assertThat(PointValues.sameRaw(level, 0.1 + 0.2, 0.3)).isTrue();
		assertThat(PointValues.sameRaw(level, 0.3, 0.31)).isFalse();
		assertThat(PointValues.safeEngineering(COUNT).longValue()).isZero();
	}

}
