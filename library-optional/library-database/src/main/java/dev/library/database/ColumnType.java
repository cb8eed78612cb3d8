package dev.library.database;

/**
 * Type of a column of a table declared in configuration, with its PostgreSQL name.
 *
 * @author Library
 */
public enum ColumnType {

	/**
	 * Text of any length.
	 */
	TEXT("text"),

	/**
	 * 32-bit integer.
	 */
	INTEGER("integer"),

	/**
	 * 64-bit integer.
	 */
	BIGINT("bigint"),

	/**
	 * Double-precision floating point number.
	 */
	DOUBLE("double precision"),

	/**
	 * Exact decimal number.
	 */
	NUMERIC("numeric"),

	/**
	 * True or false.
	 */
	BOOLEAN("boolean"),

	/**
	 * Instant, with time zone.
	 */
	TIMESTAMP("timestamp with time zone"),

	/**
	 * JSON document.
	 */
	JSONB("jsonb");

	private final String sqlName;

	ColumnType(String sqlName) {
		this.sqlName = sqlName;
	}

	/**
	 * Return the type's name as PostgreSQL reports it in
	 * {@code information_schema.columns.data_type}.
	 * @return the SQL name
	 */
	public String sqlName() {
		return this.sqlName;
	}

}
