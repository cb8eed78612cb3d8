package dev.library.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnacknowledgedChanges}.
 *
 * @author Library
 */
class UnacknowledgedChangesTests {

	private final UnacknowledgedChanges changes = new UnacknowledgedChanges();

	@Test
	void oldestIsTheFirstChangeNotAcknowledgedWhateverTheOrderOfAcknowledgements() {
		UnacknowledgedChanges.Sent first = this.changes.add(3);
		UnacknowledgedChanges.Sent second = this.changes.add(5);
		UnacknowledgedChanges.Sent third = this.changes.add(8);
		assertThat(this.changes.oldest()).isEqualTo(3);
		this.changes.acknowledge(second);
		assertThat(this.changes.oldest()).isEqualTo(3);
		assertThat(this.changes.pending()).isEqualTo(2);
		assertThat(this.changes.acknowledgedAhead()).containsExactly(5L);
		this.changes.acknowledge(first);
		assertThat(this.changes.oldest()).isEqualTo(8);
		assertThat(this.changes.acknowledgedAhead()).isEmpty();
		this.changes.acknowledge(third);
		assertThat(this.changes.oldest()).isEqualTo(Long.MAX_VALUE);
		assertThat(this.changes.pending()).isZero();
	}

	@Test
	void aFailedChangeStaysOldestAndLaterAcknowledgementsAreAhead() {
		this.changes.add(1);
		UnacknowledgedChanges.Sent second = this.changes.add(2);
		this.changes.add(3);
		UnacknowledgedChanges.Sent fourth = this.changes.add(4);
		this.changes.acknowledge(fourth);
		this.changes.acknowledge(second);
		assertThat(this.changes.oldest()).isEqualTo(1);
		assertThat(this.changes.pending()).isEqualTo(2);
		assertThat(this.changes.acknowledgedAhead()).containsExactly(2L, 4L);
	}

	@Test
	void acknowledgementsOfForgottenOrAlreadyAcknowledgedChangesAreIgnored() {
		UnacknowledgedChanges.Sent forgotten = this.changes.add(1);
		this.changes.clear();
		UnacknowledgedChanges.Sent next = this.changes.add(2);
		this.changes.acknowledge(forgotten);
		assertThat(this.changes.pending()).isEqualTo(1);
		assertThat(this.changes.oldest()).isEqualTo(2);
		this.changes.acknowledge(next);
		this.changes.acknowledge(next);
		assertThat(this.changes.pending()).isZero();
	}

}
