package dev.library.canbus.dbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits DBC text into tokens that know their line and column.
 *
 * @author Library
 */
final class DbcTokenizer {

	enum Kind {

		IDENTIFIER, NUMBER, STRING, PUNCTUATION, END

	}

	record Token(Kind kind, String text, int line, int column) {

		boolean is(String expected) {
			return this.kind != Kind.STRING && this.text.equals(expected);
		}

		String shown() {
			return switch (this.kind) {
				case END -> "end of file";
				case STRING -> "string \"" + this.text + "\"";
				default -> "'" + this.text + "'";
			};
		}

	}

	private final String source;

	private final String text;

	private int position;

	private int line = 1;

	private int lineStart;

	DbcTokenizer(String source, String text) {
		this.source = source;
		this.text = text;
	}

	List<Token> tokenize() {
		List<Token> tokens = new ArrayList<>();
		int length = this.text.length();
		while (true) {
			skipWhitespace();
			if (this.position >= length) {
				tokens.add(new Token(Kind.END, "", this.line, column(this.position)));
				return tokens;
			}
			tokens.add(next());
		}
	}

	private void skipWhitespace() {
		int length = this.text.length();
		while (this.position < length) {
			char c = this.text.charAt(this.position);
			if (c == '\n') {
				newLine(this.position + 1);
			}
			else if (c == '/' && this.position + 1 < length && this.text.charAt(this.position + 1) == '/') {
				while (this.position < length && this.text.charAt(this.position) != '\n') {
					this.position++;
				}
				continue;
			}
			else if (!Character.isWhitespace(c) && c != '\uFEFF') {
				return;
			}
			this.position++;
		}
	}

	private void newLine(int start) {
		this.line++;
		this.lineStart = start;
	}

	private int column(int at) {
		return at - this.lineStart + 1;
	}

	private Token next() {
		int start = this.position;
		int startLine = this.line;
		int startColumn = column(start);
		char c = this.text.charAt(start);
		if (c == '"') {
			return string(startLine, startColumn);
		}
		if (Character.isDigit(c) || ((c == '-' || c == '+') && signStartsNumber(start))) {
			this.position++;
			return word(start, startLine, startColumn);
		}
		if (Character.isLetter(c) || c == '_') {
			return word(start, startLine, startColumn);
		}
		this.position++;
		return new Token(Kind.PUNCTUATION, String.valueOf(c), startLine, startColumn);
	}

	/**
	 * A sign is part of a number when a digit or dot follows and the character before is
	 * not part of a word: {@code (-0.1,0)} and {@code [-5|5]} are numbers, the range
	 * {@code 0-3} of {@code SG_MUL_VAL_} is not.
	 */
	private boolean signStartsNumber(int at) {
		if (at + 1 >= this.text.length()) {
			return false;
		}
		char after = this.text.charAt(at + 1);
		if (!Character.isDigit(after) && after != '.') {
			return false;
		}
		return at == 0 || !Character.isLetterOrDigit(this.text.charAt(at - 1));
	}

	private Token word(int start, int startLine, int startColumn) {
		int length = this.text.length();
		while (this.position < length) {
			char c = this.text.charAt(this.position);
			if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
				this.position++;
			}
			else if ((c == '+' || c == '-') && isExponent(start)) {
				this.position++;
			}
			else {
				break;
			}
		}
		String word = this.text.substring(start, this.position);
		return new Token(isNumber(word) ? Kind.NUMBER : Kind.IDENTIFIER, word, startLine, startColumn);
	}

	private boolean isExponent(int start) {
		char before = this.text.charAt(this.position - 1);
		return (before == 'e' || before == 'E') && this.position + 1 < this.text.length()
				&& Character.isDigit(this.text.charAt(this.position + 1))
				&& isNumber(this.text.substring(start, this.position - 1));
	}

	static boolean isNumber(String word) {
		if (word.isEmpty()) {
			return false;
		}
		try {
			Double.parseDouble(word);
			char last = word.charAt(word.length() - 1);
			// Double.parseDouble accepts "1d", "1f", "Infinity" and "NaN": DBC numbers do
			// not.
			return Character.isDigit(last) || last == '.';
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private Token string(int startLine, int startColumn) {
		StringBuilder value = new StringBuilder();
		int length = this.text.length();
		this.position++;
		while (this.position < length) {
			char c = this.text.charAt(this.position);
			if (c == '\\' && this.position + 1 < length) {
				char escaped = this.text.charAt(this.position + 1);
				value.append((escaped == '"' || escaped == '\\') ? escaped : "\\" + escaped);
				this.position += 2;
				continue;
			}
			if (c == '"') {
				this.position++;
				return new Token(Kind.STRING, value.toString(), startLine, startColumn);
			}
			if (c == '\n') {
				newLine(this.position + 1);
			}
			if (c != '\r') {
				value.append(c);
			}
			this.position++;
		}
		throw new DbcException(this.source, startLine, startColumn, "string is not closed");
	}

}
