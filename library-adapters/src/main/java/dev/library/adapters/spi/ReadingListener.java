package dev.library.adapters.spi;

/**
 * Receives the readings that a {@link ReadingSource} pushes.
 *
 * @author Library
 */
@FunctionalInterface
public interface ReadingListener {

	/**
	 * Called with a new raw value of a point.
	 * @param point the point
	 * @param value the raw value, of the Java type of the point's data type
	 */
	void onReading(PointConfig point, Object value);

}
