package dev.library.database;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Rows for {@code COPY ... FROM STDIN} in PostgreSQL's text format: columns separated by
 * tabs, rows ended by a newline, {@code \N} for null, and backslash, tab, newline and
 * carriage return escaped, so that any value arrives exactly as given.
 * <p>
 * COPY is how the state store writes its event log: PostgreSQL ingests it with less work
 * per row than a multi-row {@code INSERT} over arrays, which must parse an array literal
 * per column and check each row for a conflict.
 *
 * @author Library
 */
final class EventCopyRows {

	private final StringBuilder text;

	private boolean rowStarted;

	EventCopyRows(int expectedRows) {
		this.text = new StringBuilder(expectedRows * 96);
	}

	EventCopyRows add(@Nullable String value) {
		separate();
		if (value == null) {
			this.text.append("\\N");
			return this;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> this.text.append("\\\\");
				case '\t' -> this.text.append("\\t");
				case '\n' -> this.text.append("\\n");
				case '\r' -> this.text.append("\\r");
				default -> this.text.append(c);
			}
		}
		return this;
	}

	EventCopyRows add(long value) {
		separate();
		this.text.append(value);
		return this;
	}

	EventCopyRows add(boolean value) {
		separate();
		this.text.append(value ? 't' : 'f');
		return this;
	}

	EventCopyRows endRow() {
		this.text.append('\n');
		this.rowStarted = false;
		return this;
	}

	private void separate() {
		if (this.rowStarted) {
			this.text.append('\t');
		}
		this.rowStarted = true;
	}

	byte[] toBytes() {
		return this.text.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}
